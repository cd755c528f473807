# Sourced. swift-corelibs-foundation in Swift 6.3.1 can crash a test process inside Process.run():
# its /proc/self/fd scan copies 256 bytes of every dirent and reads past glibc's buffer now and then
# (swiftlang/swift-corelibs-foundation#5472, fixed upstream, in no release yet). Suites that start
# hundreds of processes meet it; such a crash, and only that one, is worth running again.

# Whether the `swift test` output in file $1 ends in that crash.
foundation_process_crash() {
    local crashed
    crashed=$(sed -n '/^Thread [0-9]* .* crashed:$/,/^Thread [0-9]* "[^"]*":$/p' "$1")
    grep -q "Bad pointer dereference" "$1" && grep -q " Process.run() + .* in libFoundation.so" <<<"$crashed"
}
