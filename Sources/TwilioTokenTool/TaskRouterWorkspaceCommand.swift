import ArgumentParser
import TwilioJWT

/// `twilio-token taskrouter workspace`: mints a TaskRouter token for a workspace.
struct TaskRouterWorkspaceCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workspace",
        abstract: "A workspace token.",
        discussion: """
            Example:
              twilio-token taskrouter workspace --workspace WS… \\
                --allow-fetch-subresources
            """
    )

    @OptionGroup var common: TaskRouterOptions

    func run() throws {
        try self.common.mint(channel: .workspace, extra: [])
    }
}
