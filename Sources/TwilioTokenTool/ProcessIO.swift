#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard input, standard output and error, the environment, file permissions and exit, through the C library.
///
/// The tool reads and writes through these rather than full Foundation's `FileHandle`, which loads more libraries,
/// ICU's data among them, at every start; `webhook send` hands its HTTP request to `twilio-token-send` for the same
/// reason (``WebhookSender``). These are the tool's only unsafe expressions: the target is
/// built with strict memory safety, and each is marked with its invariant.
enum ProcessIO {
    /// Writes `text` to standard error, all of it (short writes and interruptions are retried).
    static func writeError(_ text: String) {
        Self.writeAll(Array(text.utf8), to: 2)
    }

    /// Writes `bytes` to standard output unbuffered, all of them. Output written with `print` is buffered, so a
    /// command writes its output one way or the other, never both.
    static func writeOutput(_ bytes: [UInt8]) {
        Self.writeAll(bytes, to: 1)
    }

    private static func writeAll(_ bytes: [UInt8], to descriptor: Int32) {
        // Safe: `write` reads `buffer.count - offset` bytes from `offset` on, all inside the array's storage, which
        // `withUnsafeBufferPointer` keeps alive for this closure.
        unsafe bytes.withUnsafeBufferPointer { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = unsafe write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return  // the stream is gone; there is nowhere left to report it
                }
                offset += written
            }
        }
    }

    /// Replaces this process with the program at `path`, run with `arguments` (the first is its name) and this
    /// process's environment and open files. Returns only if that fails, with `errno`.
    static func execute(_ path: String, _ arguments: [String]) -> Int32 {
        // Safe: `strdup` copies each argument into C memory that stays valid until it is freed below, after `execv`
        // has either replaced the process (and never returns) or failed; the array ends with the NULL `execv` needs.
        let pointers: [UnsafeMutablePointer<CChar>?] = unsafe arguments.map { unsafe strdup($0) } + [nil]
        _ = unsafe execv(path, pointers)
        let failure = errno
        for index in unsafe pointers.indices { unsafe free(pointers[index]) }
        return failure
    }

    /// Sets an environment variable of this process (and of the libraries it runs, such as libcurl).
    static func setEnvironment(_ name: String, _ value: String) {
        // Safe: `setenv` copies the two NUL-terminated strings that the String-to-pointer conversion keeps alive for
        // the duration of the call.
        _ = unsafe setenv(name, value, 1)
    }

    /// Reads standard input to its end, or until it has read more than `limit` bytes (so that the caller can
    /// report the input as too large without reading all of it).
    static func readInput(limit: Int) throws(CLIError) -> [UInt8] {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while result.count <= limit {
            // Safe: `read` writes at most `$0.count` bytes into the chunk's own storage, which the closure keeps
            // alive and exclusively borrowed.
            let count = unsafe chunk.withUnsafeMutableBytes { unsafe read(0, $0.baseAddress, $0.count) }
            if count == 0 { break }
            if count < 0 {
                if errno == EINTR { continue }
                throw CLIError.failure("cannot read standard input (errno \(errno))")
            }
            result.append(contentsOf: chunk[..<count])
        }
        return result
    }

    /// The permission bits of the file at `path` (following a symbolic link to the file itself), or `nil` when
    /// there is no such file or it cannot be examined.
    static func permissions(ofFileAt path: String) -> Int? {
        var information = stat()
        // Safe: `stat` fills the one `stat` structure it is given, which lives for the whole call.
        guard unsafe stat(path, &information) == 0 else { return nil }
        return Int(information.st_mode & 0o7777)
    }

    /// Ends the process with `status`.
    static func exit(_ status: Int32) -> Never {
        #if canImport(Darwin)
        Darwin.exit(status)
        #elseif canImport(Musl)
        Musl.exit(status)
        #else
        Glibc.exit(status)
        #endif
    }
}
