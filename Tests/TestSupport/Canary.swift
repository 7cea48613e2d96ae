import Foundation

/// Canary secrets: unique strings that must never show up in any output, errors, logs or descriptions
/// (docs/security-checklist.md#canaries).
public enum Canary {
    public static let apiSecret = "CANARYapi0secret0abcdefghijkl0123"
    public static let authToken = "CANARYauth0token0abcdefghijk01234"
    public static let all = [apiSecret, authToken]

    /// Every transform of every canary that a leak could take: raw, base64, base64url, hex, percent-encoded,
    /// and each 8-character window of the raw value.
    public static let needles: [String] = all.flatMap { secret -> [String] in
        let bytes = Data(secret.utf8)
        let base64 = bytes.base64EncodedString()
        let base64url = base64.replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
        let hex = bytes.map { String(format: "%02x", $0) }.joined()
        let percent = secret.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? secret
        let characters = Array(secret)
        let windows = (0...(characters.count - 8)).map { String(characters[$0..<($0 + 8)]) }
        return [secret, base64.dropLast(4).description, base64url.dropLast(3).description, hex, percent] + windows
    }

    /// The needles found in `text`.
    public static func leaks(in text: String) -> [String] {
        Self.needles.filter { text.contains($0) }
    }

    /// Every way a value can be turned into text by accident.
    public static func renderings(of value: Any) -> [String] {
        var dumped = ""
        dump(value, to: &dumped)
        return [
            "\(value)", String(describing: value), String(reflecting: value), dumped,
            Mirror(reflecting: value).children.map { "\($0.label ?? ""): \($0.value)" }.joined(separator: ","),
        ]
    }
}
