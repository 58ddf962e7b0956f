using Alliance.Benchmarks;

// ./alliance bench NAME...: each bench runs three times and writes its table (BenchReport); 'all'
// runs them in this order, the ones on the whole system sharing one start of it.
var benches = new Dictionary<string, Func<BenchContext, Task<BenchReport>>>(StringComparer.Ordinal)
{
    ["messaging"] = MessagingBenchmark.RunAsync,
    ["gateway"] = GatewayBenchmark.RunAsync,
    ["grpc"] = GrpcBenchmark.RunAsync,
    ["claims"] = ClaimsBenchmark.RunAsync,
    ["reads"] = ReadsBenchmark.RunAsync,
};

var names = args.SelectMany(a => a == "all" ? benches.Keys : (IEnumerable<string>)[a]).Distinct().ToList();
if (names.Count == 0 || names.Any(n => !benches.ContainsKey(n)))
{
    Console.Error.WriteLine($"usage: ./alliance bench {string.Join('|', benches.Keys)}|all");
    return 2;
}

await using var context = new BenchContext();
var missed = new List<string>();
foreach (var name in names)
{
    Console.WriteLine($"== bench {name} ({BenchReport.Machine})");
    var report = await benches[name](context);
    await report.WriteAsync();
    missed.AddRange(report.Missed.Select(m => $"{name}: {m}"));
}

Console.WriteLine(missed.Count == 0 ? "Every goal met." : $"Goals missed: {string.Join("; ", missed)}");
return 0;
