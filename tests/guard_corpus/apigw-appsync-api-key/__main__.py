"""Product catalogue for the storefront: an AppSync GraphQL API the web client calls with an API key."""

import pulumi
import pulumi_aws as aws

SCHEMA = """
type Product { id: ID! name: String! price: Float }
type Query { product(id: ID!): Product  products: [Product] }
schema { query: Query }
"""

catalogue = aws.appsync.GraphQLApi("catalogue", name="catalogue", authentication_type="API_KEY", schema=SCHEMA,
                                   xray_enabled=True)
key = aws.appsync.ApiKey("catalogue-web-key", api_id=catalogue.id, description="storefront web client")

# Prices come from a local resolver for now; the DynamoDB source follows.
aws.appsync.DataSource("products-source", api_id=catalogue.id, name="products", type="NONE")

pulumi.export("graphql", catalogue.uris["GRAPHQL"])
pulumi.export("key", key.key)
