#if TokenService
/// A configuration the service refuses to start with: the key at fault, in the config file's dotted form
/// (`twilio.api_keys.SK….secret_file`), and what is wrong with it.
///
/// The message never contains a secret's value: a secret that fails a check is described by its source (the file or
/// the environment variable) and, for length, by its byte count.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The key at fault, such as `auth.mode`; empty for the file as a whole.
    public let key: String
    /// What is wrong, in one line.
    public let message: String

    /// An error about `key`.
    public init(key: String, _ message: String) {
        self.key = key
        self.message = message
    }

    /// `auth.mode: …`, one line.
    public var description: String {
        self.key.isEmpty ? self.message : "\(self.key): \(self.message)"
    }
}
#endif
