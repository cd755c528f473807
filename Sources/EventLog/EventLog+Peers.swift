extension EventLog {
    /// The peer URLs this node syncs with, as configured.
    public func peers() throws -> [String] {
        var urls: [String] = []
        try database.cachedStatement("SELECT url FROM peers ORDER BY url").forEachRow { urls.append($0.text(0)) }
        return urls
    }

    /// Adds a peer URL to the node's configuration; adding one twice changes nothing.
    public func addPeer(_ url: String) throws {
        try database.execute(
            "INSERT OR IGNORE INTO peers (url, added_millis) VALUES (?, ?)", [url, clock.nowMillis()])
    }

    /// Removes a peer URL from the node's configuration.
    public func removePeer(_ url: String) throws {
        try database.execute("DELETE FROM peers WHERE url = ?", [url])
    }
}
