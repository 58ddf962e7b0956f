using Alliance.Benchmarks;

return args switch
{
    ["messaging", ..] => await MessagingBenchmark.RunAsync(),
    _ => Usage(),
};

static int Usage()
{
    Console.Error.WriteLine("usage: ./alliance bench messaging");
    return 2;
}
