import Foundation
import Inventory
import Testing

/// The writers: the streamed dump equals the rendered document; graphs are deterministic.
@Suite struct OutputTests {
  func sample() throws -> ResolvedClan {
    try #require(resolve(path: packageRoot.appendingPathComponent("fixtures/sample-clan").path).clan)
  }

  @Test func streamedDumpEqualsRenderedDocument() throws {
    let clan = try sample()
    let streamed = String(decoding: DumpDocument.json(clan), as: UTF8.self)
    #expect(streamed == JSONRenderer.render(DumpDocument.make(clan)))
  }

  @Test func jsonEscapesAsToJSON() {
    #expect(JSONRenderer.render(.string("a\"b\\c\n\u{1}")) == "\"a\\\"b\\\\c\\n\\u0001\"\n")
    #expect(JSONRenderer.render(.object([])) == "{}\n")
    #expect(JSONRenderer.render(.list([.int(1), .null])) == "[\n  1,\n  null\n]\n")
  }

  @Test func nixFormat() {
    let text = NixRenderer.render(.object([("a-b", .list([.string("x$")])), ("c", .object([]))]))
    #expect(text == "{\n  a-b = [\n    \"x\\$\"\n  ];\n  c = { };\n}\n")
  }

  @Test func graphIsDeterministicAndComplete() throws {
    let clan = try sample()
    let dot = GraphRenderer.dot(clan)
    #expect(dot == GraphRenderer.dot(try sample()))
    #expect(dot.hasPrefix("digraph clan {"))
    #expect(dot.contains("m1 -> i1 [label=\"client\"];"))
    let mermaid = GraphRenderer.mermaid(clan)
    #expect(mermaid.hasPrefix("graph LR\n"))
    #expect(mermaid.contains("m0 -- server --> i1"))
  }
}
