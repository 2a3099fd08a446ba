import Foundation
import Inventory
import Testing

/// The inventory cases of `fixtures/inventory` (copies of the shared suite): each dump equals
/// its `expected.json`, each failing case's error holds every phrase of `expected-error.txt`.
@Suite struct InventoryCaseTests {
  static let folder = packageRoot.appendingPathComponent("fixtures/inventory")

  static var cases: [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? [])
      .filter { FileManager.default.fileExists(atPath: folder.appendingPathComponent("\($0)/clan.nix").path) }
      .sorted()
  }

  @Test func allCasesArePresent() {
    #expect(Self.cases.count == 28)
  }

  @Test(arguments: cases)
  func dumpMatches(_ name: String) throws {
    let dir = Self.folder.appendingPathComponent(name)
    let outcome = resolve(path: dir.appendingPathComponent("clan.nix").path)
    let expectedJSON = dir.appendingPathComponent("expected.json")
    if FileManager.default.fileExists(atPath: expectedJSON.path) {
      let clan = try #require(outcome.clan, "\(name): \(outcome.error ?? "")")
      #expect(clan.errors.isEmpty)
      let text = try String(contentsOf: expectedJSON, encoding: .utf8).replacingOccurrences(of: "<directory>", with: dir.path)
      let want = try JSONSerialization.jsonObject(with: Data(text.utf8)) as! NSDictionary
      let got = try dumpJSON(clan) as NSDictionary
      #expect(got == want, "\(name): the dump differs from expected.json")
    } else {
      let phrases = try String(contentsOf: dir.appendingPathComponent("expected-error.txt"), encoding: .utf8)
        .split(separator: "\n").map(String.init)
      var message = outcome.error ?? ""
      if let clan = outcome.clan { message = clan.errors.map { $0.render(clan.sources) }.joined() }
      #expect(!message.isEmpty, "\(name): no error")
      for phrase in phrases { #expect(message.contains(phrase), "\(name): '\(phrase)' not in \(message)") }
    }
  }
}
