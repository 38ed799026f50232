using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Reader;
using OpenApiClientGen.Reading;

/// <summary>Reading alone, in its parts, beside <c>OpenApiDocument.Parse</c> of the same text.</summary>
internal static class ReadSplit
{
    public static void Run(string path)
    {
        var text = File.ReadAllText(path);
        var p = new List<double>(); var m = new List<double>(); var r = new List<double>(); var full = new List<double>();
        for (var i = 0; i < 9; i++)
        {
            var w = Stopwatch.StartNew();
            var node = JsonNode.Parse(text, documentOptions: new JsonDocumentOptions { MaxDepth = 256 })!;
            p.Add(w.Elapsed.TotalMilliseconds); w.Restart();
            DocumentRepair.Repair(node.AsObject(), new Problems());
            m.Add(w.Elapsed.TotalMilliseconds); w.Restart();
            new OpenApiJsonReader().Read(node, new Uri("file:///x/"), new OpenApiReaderSettings());
            r.Add(w.Elapsed.TotalMilliseconds); w.Restart();
            OpenApiDocument.Parse(text, "json", new OpenApiReaderSettings());
            full.Add(w.Elapsed.TotalMilliseconds);
        }
        double Med(List<double> l) => l.Order().ElementAt(l.Count / 2);
        Console.WriteLine($"{Path.GetFileName(path)}: JsonNode.Parse {Med(p):F0}  mark + repair {Med(m):F0}  reader {Med(r):F0}  | OpenApiDocument.Parse {Med(full):F0}");
    }
}
