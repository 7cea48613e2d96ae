import ArgumentParser

/// The secret `webhook sign` and `webhook send` sign with: the auth token, or a SharedKey, and `--algorithm`.
struct WebhookSigningKeyOptions: ParsableArguments {
    @Option(
        name: .customLong("auth-token"),
        help: ArgumentHelp("The account's auth token (HMAC_SHA1); default TWILIO_AUTH_TOKEN.", valueName: "token"))
    var authToken: String?

    @Option(
        name: .customLong("auth-token-file"),
        help: ArgumentHelp("Read the auth token from a file (mode 600), or - for stdin.", valueName: "path"))
    var authTokenFile: String?

    @Option(
        name: .customLong("shared-key-file"),
        help: ArgumentHelp(
            "Sign with a webhook SharedKey (HMAC_SHA256) read from a file (mode 600), or - for stdin.",
            valueName: "path"))
    var sharedKeyFile: String?

    @Option(
        help: ArgumentHelp(
            "HMAC_SHA1 (the auth token's, the default) or HMAC_SHA256 (a SharedKey's).", valueName: "algorithm"))
    var algorithm: String?

    /// The options of this group that read standard input.
    var standardInputReaders: [String] {
        (self.authTokenFile == "-" ? ["--auth-token-file -"] : [])
            + (self.sharedKeyFile == "-" ? ["--shared-key-file -"] : [])
    }

    func keys(_ sources: CredentialSources) throws -> WebhookKeys {
        try WebhookKeys.resolve(
            authTokens: self.authToken.map { [$0] } ?? [],
            authTokenFiles: self.authTokenFile.map { [$0] } ?? [],
            sharedKeyFiles: self.sharedKeyFile.map { [$0] } ?? [],
            algorithm: self.algorithm,
            sources: sources
        )
    }
}
