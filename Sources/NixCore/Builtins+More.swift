import NixLexer

extension CoreEvaluator {
  /// Builtins: genericClosure, groupBy, floor, ceil, warn, seq-like and the rest.
  func registerMore() {
  }
}
