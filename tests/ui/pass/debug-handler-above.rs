// `#[debug_handler]` written above `#[require_token]` (the usual place) checks a
// copy of the item with the arguments it saw: the guard folds into an argument
// instead of adding one, so the arity it sees stays right. `State` arguments are
// left alone so `#[debug_handler]` below the guard still infers the state type.

use axum::extract::{Path, State};
use axum::routing::{get, post};
use axum::{Json, Router, debug_handler};
use jwt_guard::{Token, require_token};

#[derive(Clone)]
struct AppState;

#[debug_handler]
#[require_token(sub = "username")]
async fn profile(Path(username): Path<String>) -> String {
    username
}

#[debug_handler]
#[require_token(fresh)]
async fn update(
    State(_state): State<AppState>,
    token: Token,
    Json(body): Json<serde_json::Value>,
) -> Json<serde_json::Value> {
    Json(serde_json::json!({ "user": token.identity(), "body": body }))
}

#[require_token]
#[debug_handler]
async fn state_only(State(_state): State<AppState>) -> &'static str {
    "ok"
}

fn main() {
    let _: Router = Router::new()
        .route("/{username}", get(profile))
        .route("/update", post(update))
        .route("/state", get(state_only))
        .with_state(AppState);
}
