extension Evaluator {
  /// Whether the extended regular expression `pattern` matches the whole of `bytes`, as
  /// `builtins.match` decides it (for `types.strMatching`).
  public func matches(pattern: [UInt8], _ bytes: [UInt8]) throws(EvalError) -> Bool {
    let regex: NixRegex
    do throws(NixRegex.SyntaxError) {
      regex = try NixRegex.cached(pattern)
    } catch {
      throw EvalError(.other, "invalid regular expression '\(String(decoding: pattern, as: UTF8.self))'")
    }
    return regex.wholeMatch(bytes) != nil
  }
}
