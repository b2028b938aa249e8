// Mamori's one script (served from /static, as the CSP allows): a file too large for its field is refused in the
// browser before anything is sent, with the field's own message, so that nothing typed in the form is lost. The
// server checks the same limit again.
document.addEventListener("change", (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || input.type !== "file" || !input.dataset.maxBytes) return;
  const limit = Number(input.dataset.maxBytes);
  const file = input.files && input.files[0];
  input.setCustomValidity(file && file.size > limit ? input.dataset.tooLarge || "too large" : "");
  input.reportValidity();
});
