import NixLexer

/// The catalogue of parse diagnostics: one stable code each, messages in Nix's words where
/// Nix has words for them (`syntax error, unexpected …`), sorted by code.
enum ParseMessage {
  /// E0101: a token that cannot stand where it is.
  case unexpected(found: TokenKind, expecting: String?)
  /// E0102: a `;` missing after an attribute's value.
  case missingSemicolon(attribute: String, found: TokenKind)
  /// E0103: an attribute defined twice.
  case duplicateAttribute(path: String, previous: String)
  /// E0104: a formal parameter named twice.
  case duplicateFormal(name: String)
  /// E0105: a variable bound nowhere.
  case undefinedVariable(name: String)
  /// E0106: `${…}` where only static names may stand.
  case dynamicAttributeNotAllowed(context: String)
  /// E0107: an integer literal beyond 64 bits.
  case invalidInteger(text: String)
  /// E0108: a float literal that is not a number.
  case invalidFloat(text: String)
  /// E0109: nesting deeper than the parser follows.
  case nestingTooDeep(limit: Int)
  /// E0110: a `~/…` path when no home directory may be read.
  case homePathInPureMode(path: String)
  /// E0111: a NUL byte in a string literal.
  case nulInString(text: String)
  /// E0112: so many errors that the parser stopped.
  case tooManyErrors(Int)
  /// E0113: `|>` or `<|`, which need an experimental feature of Nix.
  case pipeOperatorsDisabled

  var code: String {
    switch self {
    case .unexpected: "E0101"
    case .missingSemicolon: "E0102"
    case .duplicateAttribute: "E0103"
    case .duplicateFormal: "E0104"
    case .undefinedVariable: "E0105"
    case .dynamicAttributeNotAllowed: "E0106"
    case .invalidInteger: "E0107"
    case .invalidFloat: "E0108"
    case .nestingTooDeep: "E0109"
    case .homePathInPureMode: "E0110"
    case .nulInString: "E0111"
    case .tooManyErrors: "E0112"
    case .pipeOperatorsDisabled: "E0113"
    }
  }

  var text: String {
    switch self {
    case .unexpected(let found, let expecting):
      "syntax error, unexpected \(found.displayName)" + (expecting.map { ", expecting \($0)" } ?? "")
    case .missingSemicolon(let attribute, let found):
      "syntax error, missing ';' after the value of attribute '\(attribute)' (found \(found.displayName))"
    case .duplicateAttribute(let path, let previous):
      "attribute '\(path)' already defined at \(previous)"
    case .duplicateFormal(let name):
      "duplicate formal function argument '\(name)'"
    case .undefinedVariable(let name):
      "undefined variable '\(name)'"
    case .dynamicAttributeNotAllowed(let context):
      "dynamic attributes not allowed in \(context)"
    case .invalidInteger(let text):
      "invalid integer '\(text)'"
    case .invalidFloat(let text):
      "invalid float '\(text)'"
    case .nestingTooDeep(let limit):
      "expression nesting too deep (the limit is \(limit) levels)"
    case .homePathInPureMode(let path):
      "the path '\(path)' can not be resolved in pure mode"
    case .nulInString(let text):
      "input string '\(text)' cannot be represented as Nix string because it contains null bytes"
    case .tooManyErrors(let count):
      "too many errors (\(count)); stopped parsing here"
    case .pipeOperatorsDisabled:
      "experimental Nix feature 'pipe-operators' is disabled; add '--extra-experimental-features pipe-operators' to enable it"
    }
  }
}
