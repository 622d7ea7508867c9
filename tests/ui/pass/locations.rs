// `locations(..)` with every location compiles, and a manager that does not
// enable a location some route names is refused when it is built, wherever the
// handler is declared (here one sits inside `main`).

use axum::Router;
use axum::routing::{get, post};
use jwt_guard::{ConfigError, JwtManager, TokenLocation, require_token};

#[require_token(locations(cookies, query))]
async fn browser() {}

#[require_token(locations(headers))]
async fn api() {}

const SECRET: &str = "a-32-byte-secret-from-the-environment!";

fn main() {
    #[require_token(refresh, locations(query))]
    async fn nested() {}

    let everything = JwtManager::builder()
        .secret(SECRET)
        .token_locations([
            TokenLocation::Headers,
            TokenLocation::Cookies,
            TokenLocation::Query,
        ])
        .build()
        .unwrap();
    let _: Router = Router::new()
        .route("/browser", post(browser))
        .route("/api", get(api))
        .route("/nested", get(nested))
        .layer(everything.layer());

    let err = JwtManager::builder()
        .secret(SECRET)
        .token_locations([TokenLocation::Headers, TokenLocation::Cookies])
        .build()
        .unwrap_err();
    assert!(
        matches!(&err, ConfigError::RouteLocation { location: TokenLocation::Query, handler }
            if handler == "browser" || handler == "nested"),
        "{err}"
    );
    assert!(
        err.to_string()
            .contains("add TokenLocation::Query to JwtConfig::token_locations")
    );

    // A program with several managers opts out; the route is then refused per request.
    JwtManager::builder()
        .secret(SECRET)
        .check_route_locations(false)
        .build()
        .unwrap();
}
