import NixLexer

extension CoreEvaluator {
  /// Builtins: readFile, pathExists, readDir, readFileType, fromJSON, fromTOML, getEnv.
  func registerFilesAndSerialization() {
  }
}
