/// TwiML, written from a tree: element names and attribute names are the program's own constants, and every piece of
/// text or attribute value is escaped as it is written, so no input can close an element or open another.
///
/// The output has the XML declaration and no whitespace between elements, as twilio-python's
/// `VoiceResponse.to_xml()` and twilio-node's `VoiceResponse.toString()` write it.
public struct TwiML: Sendable, Hashable {
    /// A node of the tree.
    public enum Node: Sendable, Hashable {
        /// An element: a name, attributes in order, children.
        case element(name: StaticString, attributes: [Attribute], children: [Node])
        /// Character data.
        case text(String)

        public static func == (left: Node, right: Node) -> Bool {
            switch (left, right) {
            case (.text(let a), .text(let b)): a == b
            case (.element(let a, let x, let c), .element(let b, let y, let d)):
                a.description == b.description && x == y && c == d
            default: false
            }
        }

        public func hash(into hasher: inout Hasher) {
            switch self {
            case .text(let text): hasher.combine(text)
            case .element(let name, let attributes, let children):
                hasher.combine(name.description)
                hasher.combine(attributes)
                hasher.combine(children)
            }
        }
    }

    /// An attribute: a constant name and an escaped value.
    public struct Attribute: Sendable, Hashable {
        let name: String
        let value: String

        public init(_ name: StaticString, _ value: String) {
            self.name = name.description
            self.value = value
        }
    }

    /// The `<Response>` element's children.
    public let children: [Node]

    public init(_ children: [Node]) {
        self.children = children
    }

    /// The document.
    public var document: String {
        var output = #"<?xml version="1.0" encoding="UTF-8"?>"#
        Self.write(.element(name: "Response", attributes: [], children: self.children), to: &output)
        return output
    }

    private static func write(_ node: Node, to output: inout String) {
        switch node {
        case .text(let text):
            Self.escape(text, quotes: false, to: &output)
        case .element(let name, let attributes, let children):
            output += "<" + name.description
            for attribute in attributes {
                output += " " + attribute.name + "=\""
                Self.escape(attribute.value, quotes: true, to: &output)
                output += "\""
            }
            if children.isEmpty {
                output += "/>"
            } else {
                output += ">"
                for child in children { Self.write(child, to: &output) }
                output += "</" + name.description + ">"
            }
        }
    }

    /// Escapes the five characters XML gives meaning to, and replaces what XML 1.0 cannot carry at all (control
    /// characters other than tab, line feed and carriage return; U+FFFE and U+FFFF) with U+FFFD.
    static func escape(_ text: String, quotes: Bool, to output: inout String) {
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            case "\"" where quotes: output += "&quot;"
            case "'" where quotes: output += "&apos;"
            case "\t", "\n", "\r": output.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0xFFFE || scalar.value == 0xFFFF {
                    output += "\u{FFFD}"
                } else {
                    output.unicodeScalars.append(scalar)
                }
            }
        }
    }
}
