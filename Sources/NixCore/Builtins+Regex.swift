import NixLexer

extension CoreEvaluator {
  /// Builtins: match, split, splitVersion, compareVersions, parseDrvName, hashString.
  func registerRegexAndVersions() {
  }
}
