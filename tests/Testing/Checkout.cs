namespace Alliance.Testing;

/// <summary>The checkout the tests were built from: the folder above the test's output that holds Alliance.sln.</summary>
public static class Checkout
{
    private static readonly Lazy<string> Found = new(() =>
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Alliance.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException($"No Alliance.sln above {AppContext.BaseDirectory}.");
    });

    public static string Root => Found.Value;
}
