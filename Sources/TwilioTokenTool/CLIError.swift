import ArgumentParser
import TwilioJWT

/// A failure of the tool, with the exit status it causes.
///
/// The message is one line, names the flag or input concerned and never holds a secret or a token.
struct CLIError: Error, CustomStringConvertible {
    /// `EX_USAGE`: the command line (or the environment it reads) is wrong.
    static let usageStatus: Int32 = 64

    var message: String
    var status: Int32

    var description: String { self.message }

    /// A mistake in the arguments: exit status 64.
    static func usage(_ message: String) -> CLIError {
        CLIError(message: message, status: usageStatus)
    }

    /// Anything else (an unreadable file, an invalid token): exit status 1.
    static func failure(_ message: String) -> CLIError {
        CLIError(message: message, status: 1)
    }

    /// A library error caused by a value given as `source` (a flag or an environment variable).
    static func invalid(_ error: TokenError, from source: String? = nil) -> CLIError {
        .usage(source.map { "\($0): \(error.message)" } ?? error.message)
    }
}

/// Parses an integer option without echoing the text, which might be a misplaced secret.
func parseInteger(_ text: String?, flag: String) throws -> Int? {
    guard let text else { return nil }
    guard let value = Int(text) else {
        throw CLIError.usage("\(flag) must be a whole number; got \(describeValue(text))")
    }
    return value
}

/// Parses a Unix time option: a whole number of seconds from 0 to ``UnixTime/maximum`` (the end of the year 9999),
/// the times a token may carry. Keeping every time in this range keeps the tool's time arithmetic far from `Int`
/// overflow.
func parseTime(_ text: String?, flag: String) throws -> Int? {
    guard let time = try parseInteger(text, flag: flag) else { return nil }
    guard (0...UnixTime.maximum).contains(time) else {
        throw CLIError.usage(
            "\(flag) must be a Unix time in seconds from 0 to \(UnixTime.maximum) (the end of the year 9999); got \(time)"
        )
    }
    return time
}

/// Describes a value for an error message: a short printable value is shown; anything longer (it may be a
/// secret given to the wrong flag, and Twilio secrets are 32 characters) only by its length.
func describeValue(_ text: String) -> String {
    let printable = text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    return text.utf8.count <= 12 && printable ? "'\(text)'" : "a value of \(text.utf8.count) characters"
}

/// Maps a library error of minting to the flag that caused it. (SIDs, secrets and a documented region are checked
/// earlier, against their flags, so what remains here are the lifetime rules and the shape of an unlisted region.)
func mintingError(_ error: TokenError) -> CLIError {
    let flag: String?
    switch error.code {
    case .invalidTTL: flag = "--ttl"
    case .lifetimeTooLong: flag = "--valid-until"
    case .invalidTimeRange: flag = "--ttl/--valid-until/--nbf"
    case .invalidRegion: flag = "--region"
    default: flag = nil
    }
    return CLIError.invalid(error, from: flag)
}

/// Checks a SID given by `flag` (or an environment variable) before it is used, so the message names the flag.
func checkSID(_ value: String, _ kind: SIDKind, flag: String) throws {
    do {
        try kind.validate(value, field: flag)
    } catch {
        throw CLIError.usage(error.message)
    }
}
