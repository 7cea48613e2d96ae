@_spi(Engine) import TwilioJWTEngine

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// When a token stops being valid (its `exp` claim).
///
/// ```swift
/// token.expiration = .ttl(.seconds(600))       // or .ttl(600)
/// token.expiration = .at(shiftEnd)             // a Date, or a Unix time in seconds
/// ```
public enum Expiration: Sendable, Hashable {
    /// This many seconds after the issue time; `1...86_400` (Twilio rejects tokens valid for longer than
    /// 24 hours with error 20157).
    case ttl(Int)
    /// At this Unix time (seconds), at most 24 hours after the issue time. twilio-python's `AccessToken` calls this
    /// `valid_until` (its `ClientCapabilityToken` takes the argument but ignores it; this library does not).
    case at(Int)

    /// `duration` after the issue time, in whole seconds (a fraction of a second is dropped: token times are whole
    /// seconds); between 1 second and 24 hours.
    public static func ttl(_ duration: Duration) -> Expiration {
        .ttl(UnixTime.seconds(duration))
    }

    /// At `date` (rounded down to whole seconds), at most 24 hours after the issue time.
    public static func at(_ date: Date) -> Expiration {
        .at(UnixTime.clampedSeconds(date))
    }

    /// The longest time-to-live Twilio accepts, in seconds: 24 hours (error 20157 beyond).
    public static let maximumTTL = 86_400
}

/// When a token starts being valid (its `nbf` claim).
public enum NotBefore: Sendable, Hashable {
    /// At the issue time; the default, as in twilio-python.
    case issueTime
    /// At this Unix time (seconds).
    case at(Int)
    /// No `nbf` claim. Useful when client clocks run behind the server's: Twilio then accepts the token
    /// from the moment it is issued (twilio-python `nbf=None`).
    case omitted

    /// At `date` (rounded down to whole seconds).
    public static func at(_ date: Date) -> NotBefore {
        .at(UnixTime.clampedSeconds(date))
    }
}

/// The resolved time claims of one token.
struct Lifetime: Sendable, Hashable {
    var issuedAt: Int
    var expiresAt: Int
    var notBefore: Int?

    /// Resolves and checks the time claims of a token issued at `issuedAt`.
    ///
    /// - Throws: ``TokenError`` with ``TokenError/Code-swift.struct/invalidTTL``,
    ///   ``TokenError/Code-swift.struct/lifetimeTooLong``, ``TokenError/Code-swift.struct/invalidTimeRange``
    ///   or ``TokenError/Code-swift.struct/invalidArgument`` (a time outside 1970…9999).
    static func resolve(
        issuedAt: Int,
        expiration: Expiration,
        notBefore: NotBefore
    ) throws(TokenError) -> Lifetime {
        try UnixTime.validate(issuedAt, field: "issue time")
        let resolvedNotBefore: Int?
        switch notBefore {
        case .issueTime: resolvedNotBefore = issuedAt
        case .at(let time):
            try UnixTime.validate(time, field: "nbf")
            resolvedNotBefore = time
        case .omitted: resolvedNotBefore = nil
        }
        let expiresAt: Int
        switch expiration {
        case .ttl(let ttl):
            try TimeToLive.validate(ttl)
            expiresAt = issuedAt + ttl  // both validated: no overflow
            guard expiresAt <= UnixTime.maximum else {
                throw TokenError(
                    .invalidArgument,
                    "expiry \(expiresAt) (issue time \(issuedAt) + ttl \(ttl)) is after \(UnixTime.maximum), the end "
                        + "of the year 9999; no verifier accepts such a token"
                )
            }
        case .at(let time):
            try UnixTime.validate(time, field: "expiry")
            if time - issuedAt > TimeToLive.maximum {
                throw TokenError(
                    .lifetimeTooLong,
                    "expiry \(time) is \(time - issuedAt) seconds after the issue time \(issuedAt); Twilio rejects "
                        + "tokens valid for more than \(TimeToLive.maximum) seconds (error 20157)"
                )
            }
            expiresAt = time
        }
        let start = resolvedNotBefore ?? issuedAt
        if expiresAt <= start {
            let startName = resolvedNotBefore == nil ? "the issue time" : "nbf"
            throw TokenError(
                .invalidTimeRange,
                "expiry \(expiresAt) must be after \(startName) \(start); the token would never be valid"
            )
        }
        return Lifetime(issuedAt: issuedAt, expiresAt: expiresAt, notBefore: resolvedNotBefore)
    }
}

extension JSONWriter {
    /// Writes `"exp":…` and, when present, `"nbf":…`, in that order (twilio-python's order).
    mutating func expirationAndNotBefore(_ lifetime: Lifetime) {
        self.key(.exp)
        self.int(lifetime.expiresAt)
        if let notBefore = lifetime.notBefore {
            self.key(.nbf)
            self.int(notBefore)
        }
    }
}
