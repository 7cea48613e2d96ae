import Foundation
import TwilioJWT

/// Loads a JSON data file from `Tests/TestSupport/Vectors`, keeping member order. Each file says where its vectors
/// come from in its `source` member.
public func loadVectorFile(_ name: String) throws -> JSONValue {
    guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Vectors") else {
        throw TestDataError("missing vector file Vectors/\(name).json")
    }
    let data = try Data(contentsOf: url)
    return try JSONValue(parsing: String(decoding: data, as: UTF8.self), maximumDepth: 64)
}

/// A failure of the test data or of a reference program.
public struct TestDataError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

extension JSONValue {
    /// The member called `name`, if this is an object.
    public subscript(_ name: String) -> JSONValue? {
        self.objectValue?[name]
    }

    /// Compact JSON as Python writes it.
    public var json: String { self.description }
}

/// The path of the package root, for files outside the test bundle (the Python drivers, the README).
public let packageRoot: URL = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent()  // TestSupport
    .deletingLastPathComponent()  // Tests
    .deletingLastPathComponent()

/// Decodes one base64url segment of a token (Foundation's decoder, independent of the library's).
public func base64URLDecodedString(_ segment: Substring) -> String? {
    var base64 = segment.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
    while base64.count % 4 != 0 { base64 += "=" }
    return Data(base64Encoded: base64).map { String(decoding: $0, as: UTF8.self) }
}
