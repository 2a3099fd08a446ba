import NixEval
import NixLexer

/// Reads the settings options of a role of a clan.service module of the clan's own
/// (`roles.<r>.interface`) by evaluating the interface module with nixinv's `lib`.
enum InterfaceReader {
  /// The options `interface` declares (a module: a set, a function of `{ lib, … }` or a path),
  /// as a ``Submodule`` whose unknown names are `unknown-setting`s.
  static func settings(
    of interface: Value, module: String, role: String, _ ev: Evaluator, lib: Value, at span: Span
  ) throws(InventoryError) -> SettingsInterface {
    .unknown
  }
}
