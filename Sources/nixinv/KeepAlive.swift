/// Keeps large results alive until the process exits.
///
/// A command's syntax tree dies with the process; releasing it node by node first would
/// only cost time (a third of a run on a 5 MB file), so commands hand it here.
enum KeepAlive {
  nonisolated(unsafe) private static var held: [Any] = []

  /// Holds `value` until exit.
  static func hold(_ value: Any) { held.append(value) }
}
