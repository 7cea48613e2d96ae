extension AccessToken {
    /// Checks the token against rules that Twilio's products enforce when a client connects, which minting
    /// does not enforce (no helper library does).
    ///
    /// - Voice: the identity may hold only `A–Z a–z 0–9 _` and at most 121 characters; other characters
    ///   "result in undefined behavior" (Voice SDK error 31105). A Voice token needs an identity (`{1,121}`).
    /// - Video: an identity is required (error 53200) and may be at most 128 characters, counting each
    ///   non-ASCII character as 2 (error 53201); the signing API key must be a US1 key.
    /// - Chat / Conversations and Sync: the identity must be 1 to 256 characters (Sync error 54351,
    ///   Chat error 50207 when too long).
    /// - The region should be one Twilio documents (``Region/documented``); an ``Region/unlisted(_:)`` one is noted.
    ///
    /// Rules that make a token unusable everywhere (TTL, SIDs, region syntax) are errors at minting instead.
    ///
    /// - Returns: The findings, most important first; empty when none apply.
    public func diagnostics() -> [Diagnostic] {
        self.diagnostics(unlistedRegion: .note)
    }

    /// The findings, with `unlistedRegion` the severity of a region Twilio does not document: a note for a token being
    /// minted (``Region/unlisted(_:)`` is explicit), a warning for a token from elsewhere.
    func diagnostics(unlistedRegion: Diagnostic.Severity) -> [Diagnostic] {
        var findings: [Diagnostic] = []
        let identity = self.identity.flatMap { $0.isEmpty ? nil : $0 }
        let field = "grants.identity"

        if let voice = self.grants.voice {
            if let identity {
                if !IdentityRules.isVoiceIdentity(identity) {
                    findings.append(
                        Diagnostic(
                            .warning,
                            field: field,
                            twilioErrorCode: 31105,
                            "Voice identities may only contain A-Z, a-z, 0-9 and _ and be at most "
                                + "\(IdentityRules.voiceMaximumLength) characters; this one has "
                                + IdentityRules.describe(identity) + ", and Twilio's behaviour with it is undefined"
                        )
                    )
                }
            } else {
                // `[A-Za-z0-9_]{1,121}`: the rule asks for at least one character.
                findings.append(
                    Diagnostic(
                        .warning,
                        field: field,
                        twilioErrorCode: 31105,
                        voice.incomingAllowed
                            ? "the Voice grant allows incoming calls but the token has no identity, so no call can "
                                + "reach it; Voice identities are 1 to \(IdentityRules.voiceMaximumLength) characters"
                            : "the Voice grant has no identity to call from; Voice identities are 1 to "
                                + "\(IdentityRules.voiceMaximumLength) characters of A-Z, a-z, 0-9 and _"
                    )
                )
            }
        }

        if self.grants.video != nil {
            if let identity {
                let length = IdentityRules.videoLength(identity)
                if length > IdentityRules.videoMaximumLength {
                    findings.append(
                        Diagnostic(
                            .warning,
                            field: field,
                            twilioErrorCode: 53201,
                            "Video identities may be at most \(IdentityRules.videoMaximumLength) characters "
                                + "(non-ASCII characters count as 2); this one counts \(length)"
                        )
                    )
                }
            } else {
                findings.append(
                    Diagnostic(.warning, field: field, twilioErrorCode: 53200, "Video requires an identity")
                )
            }
            if let region = self.region, region != .us1 {
                findings.append(
                    Diagnostic(
                        .warning,
                        field: "header.twr",
                        "Programmable Video accepts only tokens signed with US1 API keys; this token names region '\(region)'"
                    )
                )
            }
        }

        for (present, product, tooLongCode) in [
            (self.grants.chat != nil, "Conversations/Chat", 50207),
            (self.grants.sync != nil, "Sync", 54351),
        ] where present {
            let length = identity.map { $0.count } ?? 0
            if length == 0 || length > IdentityRules.twilsockMaximumLength {
                findings.append(
                    Diagnostic(
                        .warning,
                        field: field,
                        twilioErrorCode: length == 0 ? 54351 : tooLongCode,
                        "\(product) requires an identity of 1 to \(IdentityRules.twilsockMaximumLength) characters; "
                            + (length == 0 ? "the token has none" : "this one has \(length)")
                    )
                )
            }
        }

        if let chat = self.grants.chat, let endpointID = chat.endpointID, !endpointID.isEmpty {
            findings.append(
                Diagnostic(
                    .note,
                    field: "grants.chat.endpoint_id",
                    "Twilio support calls endpoint_id deprecated for Chat, and tokens carrying it have failed to "
                        + "authenticate (https://github.com/twilio/TwilioChatJsReactNative/issues/6); leave it out "
                        + "unless you need it"
                )
            )
        }

        if let region = self.region, region.isWellFormed, !region.isDocumented {
            let known = Region.documented.map(\.id).sorted().joined(separator: ", ")
            findings.append(
                Diagnostic(
                    unlistedRegion,
                    field: "header.twr",
                    "region '\(region)' is not one Twilio documents (\(known)); legacy Voice edge ids such as 'de1' are "
                        + "not regions; check that the account and API key live there"
                )
            )
        }
        return findings
    }
}

/// Identity rules of Twilio's products.
enum IdentityRules {
    static let voiceMaximumLength = 121
    static let videoMaximumLength = 128
    static let twilsockMaximumLength = 256

    /// `[A-Za-z0-9_]{1,121}`.
    static func isVoiceIdentity(_ identity: String) -> Bool {
        let utf8 = identity.utf8
        guard (1...voiceMaximumLength).contains(utf8.count) else { return false }
        return utf8.allSatisfy(isClientNameByte)
    }

    /// Whether `byte` may appear in a Voice identity or a Client capability client name: `[A-Za-z0-9_]`.
    static func isClientNameByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"):
            return true
        default:
            return false
        }
    }

    /// Video's length rule: characters, with "double-byte" (non-ASCII) characters counting as 2.
    static func videoLength(_ identity: String) -> Int {
        identity.unicodeScalars.reduce(0) { $0 + ($1.isASCII ? 1 : 2) }
    }

    /// Describes what is wrong with an identity without echoing it (identities can be personal data): its
    /// length when over `maximumLength`, and its first character outside `[A-Za-z0-9_]`.
    static func describe(_ identity: String, maximumLength: Int? = voiceMaximumLength) -> String {
        let count = identity.count
        let bad = identity.unicodeScalars.first { scalar in
            !(scalar.isASCII && isClientNameByte(UInt8(scalar.value)))
        }
        var parts: [String] = []
        if let maximumLength, count > maximumLength {
            parts.append("\(count) characters")
        }
        if let bad {
            let shown =
                bad.properties.isWhitespace || bad.value < 0x20 || bad.value == 0x7F
                ? "U+" + String(bad.value, radix: 16, uppercase: true).leftPadded(to: 4)
                : "'\(Character(bad))'"
            parts.append("the character \(shown)")
        }
        return parts.joined(separator: " and ")
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String {
        self.count >= width ? self : String(repeating: "0", count: width - self.count) + self
    }
}
