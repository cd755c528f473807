import EventModel
import HTTP
import Projections
import Web

extension NodeAPI {
    /// The coordinators' page or form at `request`'s path (`/`, `/programme`, `/forms/…`), or nil when it is neither.
    func webPage(_ request: HTTPRequest) -> HTTPResponse? {
        guard !request.path.hasPrefix("/v1/") else { return nil }
        if let page = casePage(request) { return page }
        if let form = formPage(request) { return form }
        return WebRouter(source: node).respond(to: request)
    }
}

extension NodeParts: WebSource {
    /// The views caught up with the log and their digests, read in one turn of the serial queue, then the status.
    ///
    /// The status is read in its own turn: it takes the queue itself, and the queue is not reentrant.
    func webSnapshot() throws -> WebSnapshot {
        let (programme, followUp, meetings, digests) = try queue.sync { store in
            try store.catchUpViews()
            return (
                try store.views.programme(), try store.views.followUp(), try store.views.meetings(),
                try store.views.digests()
            )
        }
        // The pages are the node's own, so they show its full status, as `samverkan peers` does.
        let status = try statusJSON(caller: nil)
        return WebSnapshot(
            node: identity.origin.description, municipality: identity.municipality, programme: programme,
            followUp: followUp, meetings: meetings, digests: digests, status: status)
    }
}
