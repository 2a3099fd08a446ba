import NixEval

/// The type of an option, as far as merging needs it: the module system's types that clan's
/// inventory and its services' settings declare, with nixpkgs' descriptions.
public indirect enum OptionType: @unchecked Sendable {
  /// `types.str`.
  case string
  case bool
  /// `types.int`.
  case int
  /// `types.float`.
  case float
  /// An integer in a range (`types.port`, `ints.between`, `ints.unsigned` …), with nixpkgs'
  /// description of it.
  case intBetween(min: Int64?, max: Int64?, description: String)
  /// `types.strMatching pattern` (an extended regular expression the whole string matches).
  case strMatching(String)
  /// `types.singleLineStr`: no newline but an optional final one.
  case singleLineString
  /// `types.separatedString sep` (`lines`, `commas`, `envVar`): definitions concatenate.
  case separatedString(String)
  /// `types.path`: a path, or a string that starts with `/`.
  case path
  /// A string or a path (written as its absolute path).
  case pathOrString
  /// `types.anything`: sets merge key by key, equal values merge; lists concatenate when
  /// `listsConcatenate` (typed role settings), conflict otherwise (legacy `config`).
  case anything(listsConcatenate: Bool)
  /// Any value, converted as is (modules in `extraModules`; `types.raw`).
  case raw
  /// `types.unspecified`: like `anything` without merging of different values.
  case unspecified
  /// `types.attrs`: any set; several definitions are merged with `//`.
  case attrs
  /// `types.deferredModule`: a module (a set, a function or a path), kept as written.
  case deferredModule
  /// Not merged here: the definitions are kept (``Merger/deferred(at:)``) for a later merge
  /// (settings and legacy `config`, merged per machine with other levels' definitions).
  case deferred
  case nullOr(OptionType)
  case enumeration([String])
  /// `types.either a b` (and `oneOf`): the first type a value checks against.
  case either(OptionType, OptionType)
  case listOf(OptionType)
  case attrsOf(OptionType)
  /// `types.lazyAttrsOf`: as `attrsOf` here.
  case lazyAttrsOf(OptionType)
  case submodule(Submodule)
  /// A list of names, or a set of names to `element` (role `tags`: `[ "a" ]` is `{ a = { }; }`).
  case namesOrAttrsOf(OptionType)
  /// `types.coercedTo from f to`: a value of `from` (that is not of `to`) becomes `f value`.
  case coercedTo(OptionType, Value, OptionType)

  /// The type as the module system describes it in messages.
  public var description: String {
    switch self {
    case .string: "string"
    case .bool: "boolean"
    case .int: "signed integer"
    case .float: "floating point number"
    case .intBetween(_, _, let d): d
    case .strMatching(let p): "string matching the pattern \(p)"
    case .singleLineString: "(optionally newline-terminated) single-line string"
    case .separatedString(let sep): "strings concatenated with \(jsonString(sep))"
    case .path: "absolute path"
    case .pathOrString: "string or path"
    case .anything: "anything"
    case .raw: "raw value"
    case .unspecified: "unspecified value"
    case .attrs: "attribute set"
    case .deferredModule, .deferred: "module"
    case .nullOr(let t): "null or \(t.phrase { $0 == .noun || $0 == .conjunction })"
    case .enumeration(let cases):
      cases.isEmpty
        ? "impossible (empty enum)"
        : cases.count == 1
          ? "value \"\(cases[0])\" (singular enum)"
          : "one of \(cases.map { "\"\($0)\"" }.joined(separator: ", "))"
    case .either(let a, let b):
      a.descriptionClass == .nonRestrictiveClause
        ? "\(a.description), or \(b.phrase { $0 == .noun || $0 == .conjunction })"
        : "\(a.phrase { $0 == .noun || $0 == .conjunction }) or \(b.phrase { $0 == .noun || $0 == .conjunction || $0 == .composite })"
    case .listOf(let t): "list of \(t.phrase { $0 == .noun || $0 == .composite })"
    case .attrsOf(let t): "attribute set of \(t.phrase { $0 == .noun || $0 == .composite })"
    case .lazyAttrsOf(let t): "lazy attribute set of \(t.phrase { $0 == .noun || $0 == .composite })"
    case .submodule(let m):
      // `freeform` is the type of each undeclared name (`freeformType = attrsOf t` gives `t`).
      m.freeform.map { "open submodule of \(OptionType.attrsOf($0).description)" } ?? "submodule"
    case .namesOrAttrsOf(let t): "list of string or attribute set of \(t.phrase { $0 == .noun || $0 == .composite })"
    case .coercedTo(let from, _, let to): "\(to.phrase { $0 == .noun }) or \(from.phrase { $0 == .noun }) convertible to it"
    }
  }

  /// nixpkgs' `descriptionClass`: how a description reads inside another type's.
  enum DescriptionClass { case noun, conjunction, composite, nonRestrictiveClause, other }

  var descriptionClass: DescriptionClass {
    switch self {
    case .string, .bool, .int, .float, .strMatching, .singleLineString, .separatedString, .anything, .raw,
      .unspecified, .path, .deferredModule:
      .noun
    case .enumeration(let cases): cases.count < 2 ? .noun : .conjunction
    case .intBetween(let lo, let hi, _): lo == 0 && hi == nil || lo == 1 && hi == nil ? .nonRestrictiveClause : .noun
    case .nullOr, .either: .conjunction
    case .listOf, .attrsOf, .lazyAttrsOf, .namesOrAttrsOf: .composite
    default: .other
    }
  }

  /// The description as a part of another's: bare when `bare` accepts its class, else in
  /// parentheses (nixpkgs' `optionDescriptionPhrase`).
  func phrase(_ bare: (DescriptionClass) -> Bool) -> String {
    bare(descriptionClass) ? description : "(\(description))"
  }
}

/// What a declared option has when nothing defines it.
public enum OptionDefault: Sendable, Equatable {
  /// No default: reading the option without a definition is an error (a required setting).
  case none
  /// A default that is plain data.
  case value(Plain)
  /// A default that exists but is not shown: derived from other options, a package, or not
  /// plain data (clan's `defaultText`), or not stated by the facts the type came from.
  case hidden
}

/// A set of declared options (a submodule), with an optional type for undeclared names.
public final class Submodule: @unchecked Sendable {
  /// The declared options by name.
  public let options: [String: OptionType]
  /// The type of names not declared (`nil`: an undeclared name is an error).
  public let freeform: OptionType?
  /// Each declared option's default (an option missing here has a hidden default).
  public let defaults: [String: OptionDefault]
  /// Each declared option's description, where it has one.
  public let descriptions: [String: String]
  /// The code an undeclared name is reported with (`unknown-setting` in role settings).
  public let unknownCode: InventoryError.Code
  /// The declared names in byte order.
  public let sortedNames: [String]

  public init(
    _ options: [String: OptionType], freeform: OptionType? = nil, defaults: [String: OptionDefault] = [:],
    descriptions: [String: String] = [:], unknownCode: InventoryError.Code = .unknownOption
  ) {
    self.options = options
    self.freeform = freeform
    self.defaults = defaults
    self.descriptions = descriptions
    self.unknownCode = unknownCode
    self.sortedNames = options.keys.sorted(by: bytewise)
  }

  /// The default of option `name` (``OptionDefault/hidden`` for one not listed).
  public func defaultValue(_ name: String) -> OptionDefault { defaults[name] ?? .hidden }
}

/// `text` as a JSON string (as `builtins.toJSON` writes it, for type descriptions).
func jsonString(_ text: String) -> String {
  var out = "\""
  for u in text.unicodeScalars {
    switch u {
    case "\"": out += "\\\""
    case "\\": out += "\\\\"
    case "\n": out += "\\n"
    case "\r": out += "\\r"
    case "\t": out += "\\t"
    default:
      if u.value < 0x20 {
        let hex = Array("0123456789abcdef")
        out += "\\u00" + String(hex[Int(u.value >> 4)]) + String(hex[Int(u.value & 15)])
      } else {
        out.unicodeScalars.append(u)
      }
    }
  }
  return out + "\""
}
