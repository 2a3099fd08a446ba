import Foundation
import Inventory
import NixLexer
import Testing

/// Inputs the fuzz targets (Fuzz/) crashed on, kept as tests.
@Suite struct InventoryFuzzRegressionTests {
  /// FuzzInventory: two machines whose `name` option is the same string. Machines were indexed
  /// by that option instead of their attribute name, and building the index trapped.
  @Test func machinesWithTheSameNameOption() throws {
    let json = #"""
      { "machines": { "monitor": { "name": "web1" }, "web2": { "name": "web1", "tags": [ "web" ] } },
        "instances": { "metrics": { "module": { "name": "monitoring" }, "roles": { "client": { "tags": { "web": { } } } } } } }
      """#
    let dir = try temporaryClan(["inventory.json": json])
    defer { try? FileManager.default.removeItem(at: dir) }
    let path = dir.appendingPathComponent("inventory.json").path
    let clan = try #require(resolve(path: path).clan)
    #expect(clan.machines.map(\.machine.id) == ["monitor", "web2"])
    #expect(clan.machines.map(\.machine.name) == ["web1", "web1"])
    let dump = try dumpJSON(clan)
    #expect((dump["machines"] as? [String: Any])?.keys.sorted() == ["monitor", "web2"])
    var options = LintOptions()
    options.load = LoadOptions()
    _ = try Linter.lint(path, cwd: "/", options: options, sources: SourceMap())
  }
}
