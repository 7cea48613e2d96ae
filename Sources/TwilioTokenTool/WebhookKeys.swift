import TwilioJWT
import TwilioWebhooks

/// The secrets a webhook command signs or checks with, and the algorithm that goes with them.
///
/// Twilio signs a webhook with HMAC-SHA1 and the account's auth token, or, under a Webhook Rule, with HMAC-SHA256
/// and a SharedKey. The kind of secret given chooses the algorithm; `--algorithm` may name it too, and naming the
/// other one is a usage error rather than a signature nobody will ever check.
struct WebhookKeys {
    enum Kind {
        case authToken
        case sharedKey

        /// The algorithm Twilio signs with this kind of secret.
        var algorithm: WebhookSignatureAlgorithm {
            switch self {
            case .authToken: .hmacSHA1
            case .sharedKey: .hmacSHA256
            }
        }
    }

    var kind: Kind
    /// Primary first, in the order given.
    var secrets: [WebhookSecret]
    var algorithm: WebhookSignatureAlgorithm { self.kind.algorithm }

    /// The secrets from `--auth-token` values, `--auth-token-file` paths or `--shared-key-file` paths, or else the
    /// auth token of the files and environment (`TWILIO_AUTH_TOKEN`).
    ///
    /// Auth tokens are held to the rule of every other command (``Secret/init(_:)``: 32 bytes or more, not a PEM,
    /// SSH or JWK key), since they are the same `TWILIO_AUTH_TOKEN`. Twilio sets no such rule for SharedKey secrets,
    /// so they only have to be non-empty, as ``WebhookSecret`` requires.
    static func resolve(
        authTokens: [String],
        authTokenFiles: [String],
        sharedKeyFiles: [String],
        algorithm algorithmText: String?,
        sources: CredentialSources
    ) throws -> WebhookKeys {
        let algorithm = try Self.algorithm(algorithmText)
        let hasAuthToken = !authTokens.isEmpty || !authTokenFiles.isEmpty
        if hasAuthToken && !sharedKeyFiles.isEmpty {
            throw CLIError.usage(
                "give either an auth token (--auth-token, --auth-token-file) or a SharedKey (--shared-key-file), "
                    + "not both: an auth token signs HMAC_SHA1, a SharedKey HMAC_SHA256")
        }
        if !authTokens.isEmpty && !authTokenFiles.isEmpty {
            throw CLIError.usage("give either --auth-token or --auth-token-file, not both")
        }
        let kind: Kind = sharedKeyFiles.isEmpty ? .authToken : .sharedKey
        if let algorithm, algorithm != kind.algorithm {
            throw CLIError.usage(
                kind == .authToken
                    ? "--algorithm HMAC_SHA256 signs with a webhook SharedKey: pass --shared-key-file (an auth token "
                        + "signs HMAC_SHA1)"
                    : "--algorithm HMAC_SHA1 signs with the auth token, not a SharedKey (a SharedKey signs "
                        + "HMAC_SHA256)")
        }
        var texts: [(text: String, source: String)]
        if kind == .sharedKey {
            texts = try sharedKeyFiles.map {
                (try readTextFile($0, flag: "--shared-key-file", secret: true), "--shared-key-file")
            }
        } else if !authTokenFiles.isEmpty {
            texts = try authTokenFiles.map {
                (try readTextFile($0, flag: "--auth-token-file", secret: true), "--auth-token-file")
            }
        } else if !authTokens.isEmpty {
            texts = authTokens.map { ($0, "--auth-token") }
        } else if let found = sources.lookup(AccountCredentials.authTokenVariables) {
            texts = [(found.value, found.source)]
        } else {
            throw CLIError.usage(
                "the auth token is missing: pass --auth-token, --auth-token-file or --shared-key-file, or set "
                    + AccountCredentials.authTokenVariables[0])
        }
        let secrets = try texts.map { text, source in
            if kind == .authToken {
                do throws(TokenError) {
                    _ = try Secret(text)
                } catch {
                    throw CLIError.invalid(error, from: source)
                }
            }
            do throws(WebhookError) {
                return try WebhookSecret(text)
            } catch {
                throw CLIError.usage("\(source): \(error.message)")
            }
        }
        return WebhookKeys(kind: kind, secrets: secrets)
    }

    /// `--algorithm`, in any ASCII case as twilio-python reads it. The value is shown only when it is short, since it
    /// may be a secret given in the wrong place.
    static func algorithm(_ text: String?) throws -> WebhookSignatureAlgorithm? {
        guard let text else { return nil }
        guard let algorithm = try? WebhookSignatureAlgorithm(name: text) else {
            throw CLIError.usage("--algorithm must be HMAC_SHA1 or HMAC_SHA256; got \(describeValue(text))")
        }
        return algorithm
    }
}
