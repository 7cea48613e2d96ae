import ArgumentParser

/// The secrets `webhook validate` checks a signature against: auth tokens or SharedKeys, several while one is
/// rotated, and `--algorithm`.
struct WebhookValidationKeyOptions: ParsableArguments {
    @Option(
        name: .customLong("auth-token"),
        help: ArgumentHelp(
            "An auth token (HMAC_SHA1); repeatable, primary first; default TWILIO_AUTH_TOKEN.", valueName: "token"))
    var authTokens: [String] = []

    @Option(
        name: .customLong("auth-token-file"),
        help: ArgumentHelp("Read an auth token from a file (mode 600) or -; repeatable.", valueName: "path"))
    var authTokenFiles: [String] = []

    @Option(
        name: .customLong("shared-key-file"),
        help: ArgumentHelp(
            "Read a webhook SharedKey (HMAC_SHA256) from a file (mode 600) or -; repeatable.", valueName: "path"))
    var sharedKeyFiles: [String] = []

    @Option(
        help: ArgumentHelp(
            "HMAC_SHA1 (the auth token's, the default) or HMAC_SHA256 (a SharedKey's).", valueName: "algorithm"))
    var algorithm: String?

    /// The options of this group that read standard input.
    var standardInputReaders: [String] {
        self.authTokenFiles.filter { $0 == "-" }.map { _ in "--auth-token-file -" }
            + self.sharedKeyFiles.filter { $0 == "-" }.map { _ in "--shared-key-file -" }
    }

    func keys(_ sources: CredentialSources) throws -> WebhookKeys {
        try WebhookKeys.resolve(
            authTokens: self.authTokens,
            authTokenFiles: self.authTokenFiles,
            sharedKeyFiles: self.sharedKeyFiles,
            algorithm: self.algorithm,
            sources: sources
        )
    }
}
