import ArgumentParser
import TwilioJWT

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Where credentials come from, in order of precedence: flags (including `--…-file`), then `--env-file`, then
/// the process environment.
struct CredentialSources {
    var environment: [String: String]
    var envFile: [String: String]

    init(envFilePath: String?) throws {
        self.environment = ProcessInfo.processInfo.environment
        self.envFile = [:]
        if let envFilePath {
            self.envFile = try DotEnv.parse(try readTextFile(envFilePath, flag: "--env-file", secret: false))
        }
    }

    /// The environment variable names read for each credential, most specific first: Twilio's own names, then
    /// the names the official quickstarts use.
    static let accountSID = ["TWILIO_ACCOUNT_SID", "ACCOUNT_SID"]
    static let apiKey = ["TWILIO_API_KEY", "TWILIO_API_KEY_SID", "API_KEY", "API_KEY_SID"]
    static let apiSecret = ["TWILIO_API_SECRET", "TWILIO_API_KEY_SECRET", "API_KEY_SECRET", "API_SECRET"]
    static let authToken = ["TWILIO_AUTH_TOKEN", "AUTH_TOKEN"]
    static let region = ["TWILIO_REGION"]

    /// The value of the first of `names` set (non-empty) in the env file, else in the environment, with where
    /// it came from (for messages).
    func lookup(_ names: [String]) -> (value: String, source: String)? {
        for name in names {
            if let value = self.envFile[name], !value.isEmpty { return (value, "\(name) in --env-file") }
        }
        for name in names {
            if let value = self.environment[name], !value.isEmpty { return (value, "\(name)") }
        }
        return nil
    }

    /// A required value: the flag's, or one from the files or environment.
    func require(_ flagValue: String?, flag: String, names: [String], what: String) throws -> (
        value: String, source: String
    ) {
        if let flagValue { return (flagValue, flag) }
        if let found = self.lookup(names) { return found }
        throw CLIError.usage("\(what) is missing: pass \(flag) or set \(names[0])")
    }

    /// A secret from `flag` (`--api-secret S`), `fileFlag` (`--api-secret-file PATH|-`), or the files and
    /// environment, in that order.
    func secret(
        _ flagValue: String?,
        flag: String,
        file: String?,
        fileFlag: String,
        names: [String],
        what: String
    ) throws -> (secret: Secret, source: String) {
        if flagValue != nil && file != nil {
            throw CLIError.usage("give either \(flag) or \(fileFlag), not both")
        }
        let value: String
        let source: String
        if let file {
            value = try readTextFile(file, flag: fileFlag, secret: true)
            source = fileFlag
        } else {
            (value, source) = try self.require(flagValue, flag: flag, names: names, what: what)
        }
        do {
            return (try Secret(value), source)
        } catch {
            throw CLIError.invalid(error, from: source)
        }
    }
}

/// Reads a small text file, or standard input for `-`. For secrets: exactly one trailing newline is removed, and
/// a file other users can read is refused (as OpenSSH refuses private keys), naming the path but never the value.
func readTextFile(_ path: String, flag: String, secret: Bool) throws -> String {
    let limit = 1 << 20
    let data: [UInt8]
    if path == "-" {
        data = try ProcessIO.readInput(limit: limit)
    } else {
        guard let permissions = ProcessIO.permissions(ofFileAt: path) else {
            throw CLIError.failure("\(flag): cannot read \(path): no such file or no permission")
        }
        if secret, permissions & 0o077 != 0 {
            throw CLIError.failure(
                "\(flag): refusing \(path): other users can read it (mode \(String(permissions, radix: 8))); "
                    + "run chmod 600 \(path)"
            )
        }
        guard let contents = FileManager.default.contents(atPath: path) else {
            throw CLIError.failure("\(flag): cannot read \(path)")
        }
        data = Array(contents)
    }
    guard data.count <= limit else { throw CLIError.failure("\(flag): \(path) is larger than 1 MiB") }
    guard var text = String(validating: data, as: UTF8.self) else {
        throw CLIError.failure("\(flag): \(path == "-" ? "standard input" : path) is not UTF-8 text")
    }
    if secret {
        // "\r\n" is one Character, so this removes exactly one line ending of either kind.
        if text.last == "\r\n" || text.last == "\n" {
            text.removeLast()
        }
        if text.isEmpty { throw CLIError.usage("\(flag): \(path == "-" ? "standard input" : path) is empty") }
    }
    return text
}

/// The token argument of `decode`, `verify` and `lint`: the argument, or standard input for `-` or when it is
/// missing. Surrounding white space and one `Bearer ` prefix are removed, as copied from an HTTP header.
func readToken(_ argument: String?) throws -> String {
    var text: String
    if let argument, argument != "-" {
        text = argument
    } else {
        let limit = 1 << 20
        let data = try ProcessIO.readInput(limit: limit)
        guard data.count <= limit else {
            throw CLIError.failure("the input on standard input is larger than 1 MiB; a token is a few kilobytes")
        }
        guard let input = String(validating: data, as: UTF8.self) else {
            throw CLIError.failure("the token on standard input is not UTF-8 text")
        }
        text = input
    }
    while let first = text.first, first.isWhitespace { text.removeFirst() }
    while let last = text.last, last.isWhitespace { text.removeLast() }
    if text.hasPrefix("Bearer ") { text = String(text.dropFirst("Bearer ".count)) }
    guard !text.isEmpty else { throw CLIError.usage("no token given: pass it as an argument or on standard input") }
    return text
}

/// Parses `KEY=VALUE`.
func keyValue(_ text: String, flag: String) throws -> (String, String) {
    guard let equals = text.firstIndex(of: "=") else {
        throw CLIError.usage("\(flag) must be KEY=VALUE; got \(describeValue(text))")
    }
    return (String(text[..<equals]), String(text[text.index(after: equals)...]))
}

/// Parses JSON given on the command line, strictly (duplicate names, trailing data and the like are errors).
func parseJSON(_ text: String, flag: String) throws -> JSONValue {
    do {
        return try JSONValue(parsing: text)
    } catch {
        throw CLIError.usage("\(flag) is not valid JSON: \(error.message)")
    }
}
