using Inertia.Tests.Infrastructure;
using Inertia.Tests.Support;

namespace Inertia.Tests.EndToEnd;

/// <summary>The walking skeleton's path over plain HTTP, against PostgreSQL started by the tests.</summary>
public class ReaderOverHttpOnPostgresTests
{
    [Fact]
    public async Task Sign_in_subscribe_read_and_star_on_postgres()
    {
        var connectionString = await PostgresServer.Instance.CreateDatabaseAsync("e2e");
        try
        {
            await using var site = await SampleSite.StartAsync();
            await using var inertia = await InertiaServer.StartAsync(connectionString);
            using var web = new WebSession(inertia.BaseUri);
            await web.SignInAsync(InertiaServer.AdminUser, InertiaServer.AdminPassword);

            await web.GetAsync("/reader/add");
            var (_, added, _) = await web.PostAsync("/reader/add", new Dictionary<string, string> { ["Address"] = site.Url("/"), ["Category"] = "Tech" });
            if (added.Contains("data-testid=\"candidates-form\""))
                await web.PostAsync("/reader/add", new Dictionary<string, string> { ["Address"] = site.Url("/"), ["Choice"] = site.Url("/feed.xml"), ["Category"] = "Tech" });

            var list = await web.GetAsync("/reader/unread");
            Assert.Equal([SampleSite.NewestTitle, SampleSite.MiddleTitle, SampleSite.OldestTitle], WebSession.Texts(list, "entry-link"));
            var newest = WebSession.Attributes(list, "entry-link", "href")[0];

            var entry = await web.GetAsync(newest);
            Assert.Contains("本周修复了三个漏洞。", entry);
            Assert.DoesNotContain("window.pwned", entry);
            Assert.Equal([site.Url("/posts/3")], WebSession.Attributes(entry, "read-original", "href"));

            var id = newest.Split('/', '?')[3];
            await web.PostAsync($"/reader/entries/{id}/star", new Dictionary<string, string> { ["starred"] = "true", ["returnUrl"] = "/reader/starred" });
            var starred = await web.GetAsync("/reader/starred");
            Assert.Equal([SampleSite.NewestTitle], WebSession.Texts(starred, "entry-link"));

            // Opening the entry marked it read: two left unread.
            var unread = await web.GetAsync("/reader/unread");
            Assert.Equal([SampleSite.MiddleTitle, SampleSite.OldestTitle], WebSession.Texts(unread, "entry-link"));
        }
        finally
        {
            await PostgresServer.Instance.DropDatabaseAsync(connectionString);
        }
    }
}
