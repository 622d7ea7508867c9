// `#[debug_handler]` placed below `#[require_token]` checks the guarded handler,
// hidden extractor included, with `State`, `Path`, a body and `impl IntoResponse`.
// (Placed above, see `pass/debug-handler-above.rs`.)

use axum::extract::{Path, State};
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router, debug_handler};
use jwt_guard::{Token, require_token};

#[derive(Clone)]
struct AppState;

#[require_token(sub = "username")]
#[debug_handler]
async fn profile(Path(username): Path<String>, token: Token) -> String {
    let _ = token;
    username
}

#[require_token(fresh, scope("write"))]
#[debug_handler(state = AppState)]
async fn update(
    State(_state): State<AppState>,
    Path(username): Path<String>,
    Json(body): Json<serde_json::Value>,
) -> impl IntoResponse {
    Json(serde_json::json!({ "user": username, "body": body }))
}

#[require_token]
#[debug_handler]
async fn no_arguments() -> &'static str {
    "ok"
}

fn main() {
    let _: Router = Router::new()
        .route("/users/{username}", get(profile))
        .route("/users/{username}/update", post(update))
        .route("/plain", get(no_arguments))
        .with_state(AppState);
}
