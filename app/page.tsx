export default function Home() {
  return <main><h1>Layerwise</h1></main>;
}
