#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Standard input, standard error, file permissions and exit, through the C library.
///
/// The tool needs nothing more, and this keeps it on FoundationEssentials rather than full Foundation (for
/// `FileHandle`), which loads more libraries, ICU's data among them, at every start. These are the tool's
/// only unsafe expressions: the target is built with strict memory safety, and each is marked with its invariant.
enum ProcessIO {
    /// Writes `text` to standard error, all of it (short writes and interruptions are retried).
    static func writeError(_ text: String) {
        var text = text
        text.withUTF8 { bytes in
            var offset = 0
            while offset < bytes.count {
                // Safe: `write` reads `bytes.count - offset` bytes from `offset` on, all inside the UTF-8 buffer
                // that `withUTF8` keeps alive for this closure.
                let written = unsafe write(2, bytes.baseAddress! + offset, bytes.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return  // standard error is gone; there is nowhere left to report it
                }
                offset += written
            }
        }
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
