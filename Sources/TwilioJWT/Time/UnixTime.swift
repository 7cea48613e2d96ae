#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Unix times as token claims carry them: whole seconds since 1970-01-01T00:00:00Z.
public enum UnixTime {
    /// The latest time a token's claims may hold, and the latest time this library mints or verifies at:
    /// 9999-12-31T23:59:59Z. Bounding times keeps every sum of a time and a TTL far from `Int` overflow.
    public static let maximum = 253_402_300_799

    /// The current time, rounded down to whole seconds.
    public static func now() -> Int {
        Int(Date().timeIntervalSince1970.rounded(.down))
    }

    /// `date` in whole seconds (rounded down, as time claims are integers), checked to be between 1970 and the year
    /// 9999.
    static func seconds(_ date: Date, field: String) throws(TokenError) -> Int {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        guard let value = Int(exactly: seconds), (0...maximum).contains(value) else {
            throw TokenError(.invalidArgument, "\(field) must be between 1970 and the year 9999")
        }
        return value
    }

    /// `date` in whole seconds (rounded down), clamped to the `Int` range: a time out of range stays out of range,
    /// for the checks of the time it is given as.
    static func clampedSeconds(_ date: Date) -> Int {
        let seconds = date.timeIntervalSince1970.rounded(.down)
        if seconds >= Double(Int.max) { return Int.max }
        if seconds <= Double(Int.min) { return Int.min }
        return Int(seconds)
    }

    /// `duration` in whole seconds (rounded towards zero: a token's times are whole seconds), clamped to the `Int`
    /// range.
    static func seconds(_ duration: Duration) -> Int {
        let seconds = duration.components.seconds
        return Int(clamping: seconds)
    }

    static func validate(_ time: Int, field: String) throws(TokenError) {
        guard (0...maximum).contains(time) else {
            throw TokenError(
                .invalidArgument,
                "\(field) \(time) must be a Unix time in seconds between 0 and \(maximum) (the year 9999)"
            )
        }
    }
}

/// Token lifetimes.
enum TimeToLive {
    /// Twilio accepts tokens valid for at most 24 hours (error 20157 beyond).
    static var maximum: Int { Expiration.maximumTTL }

    static func validate(_ ttl: Int) throws(TokenError) {
        guard ttl > 0 else {
            throw TokenError(.invalidTTL, "ttl must be between 1 and \(maximum) seconds; got \(ttl)")
        }
        guard ttl <= maximum else {
            var message =
                "ttl must be between 1 and \(maximum) seconds; got \(ttl): Twilio rejects tokens valid "
                + "for more than 24 hours (error 20157)"
            if ttl >= 1000 * 60, ttl % 1000 == 0, ttl / 1000 <= maximum {
                message += " (was it given in milliseconds? \(ttl / 1000) seconds is within range)"
            }
            throw TokenError(.invalidTTL, message)
        }
    }
}

extension UnixTime {
    /// `2023-11-14T22:13:20Z`: the UTC date and time of a Unix time, for messages (no Foundation formatter,
    /// so the core stays free of locale and calendar machinery).
    ///
    /// Total: a time outside the years 0 to 9999 (a hostile `exp` of `Int.min`, say) is described as such
    /// instead of being computed with overflowing arithmetic.
    public static func iso8601(_ seconds: Int) -> String {
        guard (Self.minimumDescribable...Self.maximum).contains(seconds) else {
            return seconds < 0 ? "before the year 0" : "after the year 9999"
        }
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        // Howard Hinnant's days-to-civil algorithm (proleptic Gregorian calendar).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        let day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        let month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        let year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
        func pad(_ value: Int, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):"
            + "\(pad(secondOfDay % 3600 / 60, 2)):\(pad(secondOfDay % 60, 2))Z"
    }

    /// 0000-01-01T00:00:00Z, the earliest time ``iso8601(_:)`` spells out.
    static let minimumDescribable = -62_167_219_200

    /// `1700003600 (2023-11-14T23:13:20Z)`.
    static func describe(_ seconds: Int) -> String {
        "\(seconds) (\(self.iso8601(seconds)))"
    }
}
