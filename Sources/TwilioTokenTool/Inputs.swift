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
            Self.warnIfExposed(envFilePath, holding: self.envFile)
        }
    }

    /// Warns (but goes on) when an env file that holds a secret is readable by other users. Secret files given
    /// with `--…-file` are refused instead; an env file is more often shared configuration, so only warn.
    private static func warnIfExposed(_ path: String, holding values: [String: String]) {
        let secretNames = APIKey.secretVariables + AccountCredentials.authTokenVariables
        let holdsSecret = secretNames.contains { values[$0].map { !$0.isEmpty } ?? false }
        guard holdsSecret, path != "-", let permissions = ProcessIO.permissions(ofFileAt: path),
            permissions & 0o044 != 0
        else { return }
        let file = FileName(path)
        ProcessIO.writeError(
            "twilio-token: warning: --env-file: \(file.name) holds secrets and other users can read it "
                + "(mode \(String(permissions, radix: 8))); run chmod 600 \(file.chmodTarget)\(file.note)\n"
        )
    }

    /// The value of the first of `names` set (non-empty) in the env file, else in the environment, with where
    /// it came from (for messages). The names of each credential are the library's (``APIKey/sidVariables`` and
    /// the like): Twilio's own names, then the names the official quickstarts use.
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

/// The account SID from `--account-sid` or the files and environment, checked against the flag or variable
/// it came from.
func resolveAccountSID(_ sources: CredentialSources, flagValue: String?) throws -> String {
    let (accountSID, source) = try sources.require(
        flagValue,
        flag: "--account-sid",
        names: AccountCredentials.accountSIDVariables,
        what: "the account SID"
    )
    try checkSID(accountSID, .account, flag: source)
    return accountSID
}

/// How messages name a file given on the command line.
///
/// A secret typed where a path belongs (`--api-secret-file "$SECRET"`) must not be echoed. Twilio secrets are 32
/// letters and digits, so a value with a '/' or a '.', or shorter than 16 characters, cannot be one and is shown;
/// any other value (or one that would break the line) is not.
struct FileName {
    /// The path, "standard input" for `-`, or "the file" when the value is not shown.
    let name: String
    /// What `chmod 600` should be run on.
    let chmodTarget: String
    /// Empty, or a note (with a leading space) that the value is not shown and why.
    let note: String

    init(_ path: String) {
        let printable = path.utf8.allSatisfy { $0 >= 0x20 && $0 != 0x7F }
        if path == "-" {
            (self.name, self.chmodTarget, self.note) = ("standard input", "-", "")
        } else if printable && (path.contains("/") || path.contains(".") || path.utf8.count < 16) {
            (self.name, self.chmodTarget, self.note) = (path, path, "")
        } else {
            (self.name, self.chmodTarget) = ("the file", "on it")
            self.note = " (the value is not shown because it looks like a secret rather than a path)"
        }
    }
}

/// Reads a small text file, or standard input for `-`. For secrets: exactly one trailing newline is removed, and
/// a file other users can read is refused (as OpenSSH refuses private keys). Messages name the path (unless it
/// may be a misplaced secret, see ``FileName``) but never the contents.
func readTextFile(_ path: String, flag: String, secret: Bool) throws -> String {
    let file = FileName(path)
    let data = try readFile(path, flag: flag, secret: secret)
    guard var text = String(validating: data, as: UTF8.self) else {
        throw CLIError.failure("\(flag): \(file.name) is not UTF-8 text\(file.note)")
    }
    if secret {
        // "\r\n" is one Character, so this removes exactly one line ending of either kind.
        if text.last == "\r\n" || text.last == "\n" {
            text.removeLast()
        }
        if text.isEmpty { throw CLIError.usage("\(flag): \(file.name) is empty\(file.note)") }
    }
    return text
}

/// Reads a file of at most 1 MiB, or standard input for `-`, as bytes: a secret file other users can read is
/// refused. Messages name the path (unless it may be a misplaced secret, see ``FileName``) but never the contents.
func readFile(_ path: String, flag: String, secret: Bool) throws -> [UInt8] {
    let limit = 1 << 20
    let file = FileName(path)
    let data: [UInt8]
    if path == "-" {
        data = try ProcessIO.readInput(limit: limit)
    } else {
        guard let permissions = ProcessIO.permissions(ofFileAt: path) else {
            throw CLIError.failure("\(flag): cannot read \(file.name): no such file or no permission\(file.note)")
        }
        if secret, permissions & 0o077 != 0 {
            throw CLIError.failure(
                "\(flag): refusing \(file.name): other users can read it (mode \(String(permissions, radix: 8))); "
                    + "run chmod 600 \(file.chmodTarget)\(file.note)"
            )
        }
        guard let contents = FileManager.default.contents(atPath: path) else {
            throw CLIError.failure("\(flag): cannot read \(file.name)\(file.note)")
        }
        data = Array(contents)
    }
    guard data.count <= limit else { throw CLIError.failure("\(flag): \(file.name) is larger than 1 MiB\(file.note)") }
    return data
}

/// Checks that at most one input reads standard input: the first to read it would leave nothing for the others
/// (a token read after a secret would be missing).
///
/// - Parameter readers: the inputs that read standard input, as given on the command line.
func checkStandardInput(_ readers: [String]) throws {
    guard readers.count > 1 else { return }
    let list = readers.dropLast().joined(separator: ", ") + " and " + readers[readers.count - 1]
    throw ValidationError(
        "standard input can feed only one input, but \(list) \(readers.count == 2 ? "both" : "all") read it; "
            + "give the others as files or arguments")
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

/// Parses `KEY=VALUE`, splitting at the first '='; `form` is how the message names the shape (`NAME=VALUE`).
///
/// The '=' is looked for among Unicode scalars: as a Character, '=' followed by a combining mark is another
/// character, so a value starting with one would not split.
func keyValue(_ text: String, flag: String, form: String = "KEY=VALUE") throws -> (String, String) {
    let scalars = text.unicodeScalars
    guard let equals = scalars.firstIndex(of: "=") else {
        throw CLIError.usage("\(flag) must be \(form); got \(describeValue(text))")
    }
    return (String(scalars[..<equals]), String(scalars[scalars.index(after: equals)...]))
}

/// Parses JSON given on the command line, strictly (duplicate names, trailing data and the like are errors).
func parseJSON(_ text: String, flag: String) throws -> JSONValue {
    do {
        return try JSONValue(parsing: text)
    } catch {
        throw CLIError.usage("\(flag) is not valid JSON: \(error.message)")
    }
}
