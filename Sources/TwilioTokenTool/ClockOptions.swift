import ArgumentParser
import TwilioJWT

/// `--now`: the clock, for reproducible output.
struct ClockOptions: ParsableArguments {
    @Option(
        name: .customLong("now"),
        help: ArgumentHelp("The current time as a Unix time in seconds (default: the system clock).", valueName: "unix")
    )
    var nowText: String?

    func now() throws -> Int {
        try parseTime(self.nowText, flag: "--now") ?? UnixTime.now()
    }
}
