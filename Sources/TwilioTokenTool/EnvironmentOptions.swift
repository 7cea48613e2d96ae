import ArgumentParser

/// Options shared by every command that reads credentials.
struct EnvironmentOptions: ParsableArguments {
    @Option(
        name: .customLong("env-file"),
        help: ArgumentHelp(
            "Read variables from a dotenv file (after flags, before the environment).", valueName: "path")
    )
    var envFile: String?

    /// The options of this group that read standard input.
    var standardInputReaders: [String] {
        self.envFile == "-" ? ["--env-file -"] : []
    }

    func sources() throws -> CredentialSources {
        try CredentialSources(envFilePath: self.envFile)
    }
}
