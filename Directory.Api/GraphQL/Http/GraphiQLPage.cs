using System.Text.Encodings.Web;
using System.Text.Json;

namespace Directory.Api.GraphQL.Http;

/// <summary>
/// The GraphiQL explorer page. Its scripts and styles are the local copies in <c>wwwroot/graphiql/</c> (see the README
/// there), so the page works on machines without internet access.
/// </summary>
internal static class GraphiQLPage
{
    /// <summary>The query the explorer opens with, the first time a browser visits.</summary>
    public const string DefaultQuery = """
        # Welcome to the Directory's GraphQL API.
        # Run with Ctrl+Enter; the Docs panel lists every field.
        {
          comuni(search: "Massa", first: 3) {
            nodes {
              istatCode
              name
              province {
                name
              }
            }
          }
        }
        """;

    /// <summary>
    /// Scripts only from this site plus the page's own inline script; GraphiQL sets inline styles, and its editor fonts and
    /// icons are data URIs. The page talks to nothing but this site.
    /// </summary>
    public static string ContentSecurityPolicy(string nonce) =>
        $"default-src 'self'; script-src 'self' 'nonce-{nonce}'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
        + "font-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

    /// <summary>
    /// The page for an endpoint at <paramref name="endpointPath"/>, with assets under <paramref name="pathBase"/><c>/graphiql/</c>
    /// and its one inline script marked with <paramref name="nonce"/> (see <see cref="ContentSecurityPolicy"/>).
    /// </summary>
    public static string Render(PathString pathBase, PathString endpointPath, string nonce)
    {
        var assets = HtmlEncoder.Default.Encode(pathBase.Add("/graphiql").ToUriComponent());
        // JSON with the default encoder escapes <, > and &, so these strings cannot close the script element.
        var url = JsonSerializer.Serialize(endpointPath.ToUriComponent());
        var query = JsonSerializer.Serialize(DefaultQuery);

        return $$"""
            <!DOCTYPE html>
            <html lang="en">
            <head>
              <meta charset="utf-8">
              <meta name="viewport" content="width=device-width, initial-scale=1">
              <title>The Directory · GraphiQL</title>
              <link rel="icon" href="data:,">
              <link rel="stylesheet" href="{{assets}}/graphiql.min.css">
              <style>
                html, body { height: 100%; margin: 0; }
                #graphiql { height: 100vh; }
              </style>
            </head>
            <body>
              <div id="graphiql">Loading GraphiQL…</div>
              <script src="{{assets}}/react.production.min.js"></script>
              <script src="{{assets}}/react-dom.production.min.js"></script>
              <script src="{{assets}}/graphiql.min.js"></script>
              <script nonce="{{nonce}}">
                const fetcher = GraphiQL.createFetcher({
                  url: {{url}},
                  // The endpoint does not stream incremental results; the simple fetcher sends the Accept header below as is.
                  enableIncrementalDelivery: false,
                  headers: { accept: '{{GraphQLMediaTypes.GraphQLResponseJson}}, {{GraphQLMediaTypes.Json}}' },
                });
                ReactDOM.createRoot(document.getElementById('graphiql')).render(
                  React.createElement(GraphiQL, {
                    fetcher,
                    defaultQuery: {{query}},
                    defaultEditorToolsVisibility: true,
                  }));
              </script>
            </body>
            </html>
            """;
    }
}
