import ArgumentParser

/// `twilio-token taskrouter`: the group of the TaskRouter mint commands, one per channel kind.
struct TaskRouterCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "taskrouter",
        abstract: "Mint a TaskRouter capability token for a worker, task queue or workspace.",
        discussion: """
            Tokens are signed with the account's auth token. Each starts from twilio-python's default policies; \
            the --allow-… flags add or remove policies, and --policy adds your own.

            Examples:
              twilio-token taskrouter worker --workspace WS… --worker WK… \\
                --allow-update-activities
              twilio-token taskrouter taskqueue --workspace WS… --taskqueue WQ… --ttl 600
              twilio-token taskrouter workspace --workspace WS… --env-file .env --json
            """,
        subcommands: [TaskRouterWorkerCommand.self, TaskRouterTaskQueueCommand.self, TaskRouterWorkspaceCommand.self]
    )

    /// Without a worker, task queue or workspace there is nothing to mint: a usage error.
    func run() throws {
        TwilioToken.exitWithUsage(of: Self.self)
    }
}
