import EventModel

extension EventLog {
    /// Moves the node to its next incarnation: a new origin that has written nothing yet.
    ///
    /// A node restored from a backup or cloned does not know how far its old origin got after the
    /// backup was taken; writing on as that origin could reuse sequence numbers and fork its chain.
    /// The old chains stay as they are (closed) and arrive from peers like anyone else's. Returns
    /// the new identity; the log must be reopened to write as it.
    @discardableResult
    public func startNewIncarnation() throws -> NodeIdentity {
        try database.inTransaction {
            let next = identity.incarnation + 1
            try database.execute("UPDATE node SET value = ? WHERE key = 'incarnation'", [String(next)])
            try database.execute(
                "INSERT INTO node (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                ["previous_origin", identity.origin.description])
            return NodeIdentity(node: identity.node, municipality: identity.municipality, incarnation: next)
        }
    }

    /// A value of the node's own settings table, or nil.
    public func nodeSetting(_ key: String) throws -> String? {
        try database.text("SELECT value FROM node WHERE key = ?", [key])
    }

    /// Sets (or with nil, removes) a value of the node's own settings table.
    public func setNodeSetting(_ key: String, _ value: String?) throws {
        if let value {
            try database.execute(
                "INSERT INTO node (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [key, value])
        } else {
            try database.execute("DELETE FROM node WHERE key = ?", [key])
        }
    }
}
