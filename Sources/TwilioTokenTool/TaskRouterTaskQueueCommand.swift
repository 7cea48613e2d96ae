import ArgumentParser
import TwilioJWT

/// `twilio-token taskrouter taskqueue`: mints a TaskRouter token for a task queue.
struct TaskRouterTaskQueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "taskqueue",
        abstract: "A task queue token.",
        discussion: """
            Example:
              twilio-token taskrouter taskqueue --workspace WS… --taskqueue WQ…
            """
    )

    @OptionGroup var common: TaskRouterOptions

    @Option(help: ArgumentHelp("The task queue SID (WQ…).", valueName: "sid"))
    var taskqueue: String

    func run() throws {
        try checkSID(self.taskqueue, .taskQueue, flag: "--taskqueue")
        try self.common.mint(channel: .taskQueue(self.taskqueue), extra: [])
    }
}
