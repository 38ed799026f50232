using System.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using OpenApiClientGen.Binding;
using OpenApiClientGen.Emitting;
using OpenApiClientGen.Model;
using OpenApiClientGen.Reading;

/// <summary>Where generation time goes: reading (text to OpenApiDocument), binding, and each emitter (medians of 7, warm: after the warm-up of Generation.cs over every spec).</summary>
internal static class Phases
{
    public static void Run(string[] files)
    {
        var specs = Harness.SelectSpecs(files);
        var texts = specs.ToDictionary(s => s.Path, s => SourceText.From(File.ReadAllText(s.Path)));
        WarmUp.Run(specs.Select(s => s.Path), path =>
        {
            var model = ApiBinder.Bind(new SpecOptions(path, "Bench", null, null, null), texts[path], TargetModel.Modern, default).Model!;
            ModelEmitter.Emit(model);
            JsonEmitter.Emit(model);
            if (model.Client is not null) ClientEmitter.Emit(model);
        });
        Console.WriteLine($"{"spec",-30} {"read",8} {"bind",8} {"models",8} {"json",8} {"client",8} {"types",7} {"output KB",10} {"alloc MB: parse",16} {"read",6} {"bind",6} {"emit",6}");
        foreach (var (_, path) in specs)
        {
            var text = texts[path];
            var options = new SpecOptions(path, "Bench", null, null, null);
            var read = new List<double>(); var bind = new List<double>(); var models = new List<double>(); var json = new List<double>(); var clients = new List<double>();
            ApiModel? model = null;
            var size = 0;
            double parseMb = 0, readMb = 0, bindMb = 0, emitMb = 0;
            for (var i = 0; i < 7; i++)
            {
                var a0 = GC.GetAllocatedBytesForCurrentThread();
                _ = Microsoft.OpenApi.OpenApiDocument.Parse(text.ToString(), "json", new Microsoft.OpenApi.Reader.OpenApiReaderSettings());
                var a1 = GC.GetAllocatedBytesForCurrentThread();
                var watch = Stopwatch.StartNew();
                SpecReader.Read(path, text, isYaml: false, new Problems(), out _, out _);
                var r = watch.Elapsed.TotalMilliseconds;
                var a2 = GC.GetAllocatedBytesForCurrentThread();
                watch.Restart();
                model = ApiBinder.Bind(options, text, TargetModel.Modern, default).Model!;
                var b = watch.Elapsed.TotalMilliseconds - r; // Bind reads too
                var a3 = GC.GetAllocatedBytesForCurrentThread();
                watch.Restart();
                var m = ModelEmitter.Emit(model);
                var me = watch.Elapsed.TotalMilliseconds;
                watch.Restart();
                var j = JsonEmitter.Emit(model);
                var je = watch.Elapsed.TotalMilliseconds;
                watch.Restart();
                var c = model.Client is null ? "" : ClientEmitter.Emit(model);
                var ce = watch.Elapsed.TotalMilliseconds;
                size = (m.Length + j.Length + c.Length) / 1024;
                var a4 = GC.GetAllocatedBytesForCurrentThread();
                parseMb = (a1 - a0) / 1048576.0; readMb = (a2 - a1) / 1048576.0; bindMb = (a3 - a2 - (a2 - a1)) / 1048576.0; emitMb = (a4 - a3) / 1048576.0;
                read.Add(r); bind.Add(b); models.Add(me); json.Add(je); clients.Add(ce);
            }
            Console.WriteLine($"{Path.GetFileName(path),-30} {Median(read),8:F0} {Median(bind),8:F0} {Median(models),8:F0} {Median(json),8:F0} {Median(clients),8:F0} {model!.Types.Count,7} {size,10} {parseMb,16:F0} {readMb,6:F0} {bindMb,6:F0} {emitMb,6:F0}");
        }
    }

    private static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
}
