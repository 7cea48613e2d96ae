import Foundation
import Testing
import TwilioJWTTestSupport

@testable import TwilioJWT

/// Times from untrusted tokens reach messages and arithmetic; none may trap (docs/security-checklist.md#f07).
@Suite("Unix times: formatting and ranges never trap")
struct UnixTimeTests {
    @Test(
        "iso8601 spells out 0000…9999 as Foundation does, and names times outside without arithmetic",
        arguments: [
            (0, "1970-01-01T00:00:00Z"), (1_700_000_000, "2023-11-14T22:13:20Z"), (951_782_400, "2000-02-29T00:00:00Z"),
            (253_402_300_799, "9999-12-31T23:59:59Z"), (-1, "1969-12-31T23:59:59Z"),
            (-62_167_219_200, "0000-01-01T00:00:00Z"), (253_402_300_800, "after the year 9999"),
            (-62_167_219_201, "before the year 0"), (.max, "after the year 9999"), (.min, "before the year 0"),
        ])
    func iso8601(seconds: Int, expected: String) {
        #expect(UnixTime.iso8601(seconds) == expected)
        #expect(UnixTime.describe(seconds) == "\(seconds) (\(expected))")
    }

    @Test("iso8601 agrees with Foundation's formatter on random times of 1970…9999")
    func iso8601AgreesWithFoundation() {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2000 {
            let seconds = Int.random(in: 0...UnixTime.maximum, using: &generator)
            #expect(UnixTime.iso8601(seconds) == formatter.string(from: Date(timeIntervalSince1970: Double(seconds))))
        }
    }

    @Test(
        "a verification time outside 1970…9999 is the caller's mistake: invalidArgument, no trap",
        arguments: [Int.min, -1, 253_402_300_800, Int.max])
    func verificationTimeOutOfRange(time: Int) {
        #expect {
            _ = try Fixture.verifier.verify(Fixture.t0, as: AccessTokenClaims.self, at: time)
        } throws: { error in
            (error as? TokenError)?.code == .invalidArgument
                && (error as? TokenError)?.message.contains("the verification time \(time) must be a Unix time") == true
        }
        #expect(throws: TokenError.self) { _ = try Fixture.verifier.verify(Fixture.t0, at: time) }
    }
}
