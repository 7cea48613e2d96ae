import ArgumentParser
import TwilioJWT

/// `--ttl`, `--valid-until`, `--nbf`, `--no-nbf`, `--now` of the mint commands.
struct LifetimeOptions: ParsableArguments {
    @Option(
        name: .customLong("ttl"),
        help: ArgumentHelp("Seconds the token is valid for, 1 to 86400 (default 3600).", valueName: "seconds"))
    var ttlText: String?

    @Option(
        name: .customLong("valid-until"),
        help: ArgumentHelp("Expire at this Unix time instead (at most 24 hours after issue).", valueName: "unix")
    )
    var validUntilText: String?

    @Option(
        name: .customLong("nbf"),
        help: ArgumentHelp("Not valid before this Unix time (default: the issue time).", valueName: "unix"))
    var nbfText: String?

    @Flag(name: .customLong("no-nbf"), help: "Leave out nbf, for clients whose clocks run behind.")
    var noNbf = false

    @OptionGroup var clock: ClockOptions

    /// The issue time, expiry and not-before time, each checked against the flag it came from.
    func resolve() throws -> (issuedAt: Int, expiration: Expiration, notBefore: NotBefore) {
        let ttl = try parseInteger(self.ttlText, flag: "--ttl")
        let validUntil = try parseTime(self.validUntilText, flag: "--valid-until")
        if ttl != nil && validUntil != nil {
            throw CLIError.usage("give either --ttl or --valid-until, not both")
        }
        let nbf = try parseTime(self.nbfText, flag: "--nbf")
        if nbf != nil && self.noNbf {
            throw CLIError.usage("give either --nbf or --no-nbf, not both")
        }
        let issuedAt = try self.clock.now()
        let expiration = validUntil.map(Expiration.at) ?? .ttl(ttl ?? 3600)
        if case .ttl(let seconds) = expiration, (1...Expiration.maximumTTL).contains(seconds),
            seconds > UnixTime.maximum - issuedAt
        {
            // The library rejects this too, but cannot know that the issue time came from --now.
            throw CLIError.usage(
                "--now \(issuedAt) plus the ttl of \(seconds) s is after \(UnixTime.maximum), the end of the year 9999")
        }
        return (issuedAt, expiration, self.noNbf ? .omitted : nbf.map(NotBefore.at) ?? .issueTime)
    }
}
