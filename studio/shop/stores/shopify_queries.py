"""The GraphQL documents the Shopify connector sends (one per list, paginated by cursor)."""

PRODUCTS_QUERY = """
query Products($first: Int!, $after: String, $variants: Int!, $images: Int!) {
  shop { currencyCode }
  products(first: $first, after: $after, sortKey: ID) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id
      handle
      title
      description
      onlineStoreUrl
      featuredImage { url }
      images(first: $images) { nodes { url } }
      variants(first: $variants) {
        nodes {
          id
          title
          sku
          price
          compareAtPrice
          inventoryQuantity
          selectedOptions { name value }
          image { url }
        }
      }
    }
  }
}
"""

ORDERS_QUERY = """
query Orders($first: Int!, $after: String, $query: String, $lines: Int!) {
  orders(first: $first, after: $after, query: $query, sortKey: CREATED_AT) {
    pageInfo { hasNextPage endCursor }
    nodes {
      id
      name
      createdAt
      cancelledAt
      lineItems(first: $lines) {
        nodes {
          id
          title
          quantity
          sku
          variant { id sku title }
          product { id }
          originalUnitPriceSet { shopMoney { amount currencyCode } }
        }
      }
    }
  }
}
"""
