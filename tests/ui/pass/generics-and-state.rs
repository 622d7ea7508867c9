// A guarded handler keeps everything about its signature: generic parameters
// with bounds and a `where` clause, `State` of a generic state type, a `Json`
// body as the last argument, `impl IntoResponse`, visibility and doc comments.

use axum::extract::{FromRef, Path, State};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use jwt_guard::{Claims, Token, require_token};
use serde::Deserialize;

#[derive(Clone)]
struct AppState<Db> {
    db: Db,
}

#[derive(Clone)]
struct Db;

#[derive(Clone)]
struct Config;

impl<Db> FromRef<AppState<Db>> for Config {
    fn from_ref(_: &AppState<Db>) -> Config {
        Config
    }
}

#[derive(Deserialize)]
struct Payload {
    name: String,
}

#[derive(Deserialize)]
struct MyClaims {
    sub: String,
}

mod handlers {
    use super::*;

    /// Doc comments stay on the handler.
    #[require_token(sub = "username", scope("write"))]
    pub async fn update<D>(
        State(state): State<AppState<D>>,
        Path(username): Path<String>,
        Json(payload): Json<Payload>,
    ) -> impl IntoResponse
    where
        D: Clone + Send + Sync + 'static,
    {
        let _ = state.db;
        Json(serde_json::json!({ "user": username, "name": payload.name }))
    }

    #[require_token(optional)]
    pub(crate) async fn maybe(token: Option<Token>, State(_config): State<Config>) -> String {
        token.map_or_else(|| "anonymous".to_owned(), |_| "signed in".to_owned())
    }
}

#[require_token(claims(role = "admin"))]
async fn typed(Claims(claims): Claims<MyClaims>) -> String {
    claims.sub
}

fn main() {
    let _: Router = Router::new()
        .route("/users/{username}", post(handlers::update::<Db>))
        .route("/maybe", get(handlers::maybe))
        .route("/typed", get(typed))
        .with_state(AppState { db: Db });
}
