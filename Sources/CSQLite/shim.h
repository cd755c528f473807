#include <sqlite3.h>

// Swift cannot import SQLITE_TRANSIENT; these copy the bound bytes so the caller's
// buffer may go away before the statement runs.
static inline int csqlite_bind_text(sqlite3_stmt *stmt, int index, const char *text, int length) {
    return sqlite3_bind_text(stmt, index, text, length, SQLITE_TRANSIENT);
}
static inline int csqlite_bind_blob(sqlite3_stmt *stmt, int index, const void *bytes, int length) {
    return sqlite3_bind_blob(stmt, index, bytes, length, SQLITE_TRANSIENT);
}

// Swift cannot call the variadic sqlite3_config. Without memory statistics, SQLite's allocator takes no global
// mutex on each allocation; the node never reads them. Only effective before SQLite initialises.
static inline int csqlite_disable_memory_statistics(void) {
    return sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
}
