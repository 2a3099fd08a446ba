/// The type of an inventory option, as far as merging needs it (the module system's types that
/// clan's inventory declares).
public indirect enum OptionType: Sendable {
  case string
  case bool
  case int
  /// A string or a path (written as its absolute path).
  case pathOrString
  /// `types.anything`: sets merge key by key, equal values merge; lists concatenate when
  /// `listsConcatenate` (typed role settings), conflict otherwise (legacy `config`).
  case anything(listsConcatenate: Bool)
  /// Any value, converted as is (modules in `extraModules`).
  case raw
  /// Not merged here: the definitions are kept (``Merger/deferred(at:)``) for a later merge
  /// (settings and legacy `config`, merged per machine with other levels' definitions).
  case deferred
  case nullOr(OptionType)
  case enumeration([String])
  case listOf(OptionType)
  case attrsOf(OptionType)
  case submodule(Submodule)
  /// A list of names, or a set of names to `element` (role `tags`: `[ "a" ]` is `{ a = { }; }`).
  case namesOrAttrsOf(OptionType)

  /// The type as the module system describes it in messages.
  public var description: String {
    switch self {
    case .string: "string"
    case .bool: "boolean"
    case .int: "signed integer"
    case .pathOrString: "string or path"
    case .anything: "anything"
    case .raw: "raw value"
    case .deferred: "module"
    case .nullOr(let t): "null or \(t.description)"
    case .enumeration(let cases): "one of \(cases.map { "\"\($0)\"" }.joined(separator: ", "))"
    case .listOf(let t): "list of \(t.description)"
    case .attrsOf(let t): "attribute set of \(t.description)"
    case .submodule: "submodule"
    case .namesOrAttrsOf(let t): "list of string or attribute set of \(t.description)"
    }
  }
}

/// A set of declared options (a submodule), with an optional type for undeclared names.
public final class Submodule: Sendable {
  /// The declared options by name.
  public let options: [String: OptionType]
  /// The type of names not declared (`nil`: an undeclared name is an error).
  public let freeform: OptionType?

  public init(_ options: [String: OptionType], freeform: OptionType? = nil) {
    self.options = options
    self.freeform = freeform
  }
}
