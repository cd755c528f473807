import CSQLite

/// Finalizes a raw statement.
@discardableResult
func sqlite3_finalize_(_ statement: OpaquePointer) -> Int32 { sqlite3_finalize(statement) }
