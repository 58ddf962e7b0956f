namespace Alliance.Deployment.Tests;

/// <summary>
/// The figures the verification measured, one line each, appended to the file
/// <c>ALLIANCE_DEPLOY_REPORT</c> names; <c>./alliance deploy --verify</c> prints it at the end.
/// </summary>
public static class DeployReport
{
    private static readonly Lock Writing = new();

    public static void Add(string line)
    {
        var path = Environment.GetEnvironmentVariable("ALLIANCE_DEPLOY_REPORT");
        if (string.IsNullOrEmpty(path))
        {
            return;
        }

        lock (Writing)
        {
            File.AppendAllText(path, $"- {line}{Environment.NewLine}");
        }
    }
}
